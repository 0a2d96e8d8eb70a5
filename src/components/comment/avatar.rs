use leptos::prelude::*;

/// How many avatar colours the stylesheet defines (`.avatar--0` to `.avatar--11`).
const COLOURS: u32 = 12;

/// A round badge with the author's initials on a colour derived from the name: recognisable,
/// stable across visits, and no request to an outside avatar service.
#[component]
pub fn Avatar(
    /// The name to draw.
    #[prop(into)]
    name: String,
) -> impl IntoView {
    let class = format!("avatar avatar--{}", avatar_colour(&name));
    view! {
        <span class=class aria-hidden="true">
            {initials(&name)}
        </span>
    }
}

/// Up to two initials: of the first two words ("Frau Holle" → "FH"), or the first letter
/// ("nordlicht_83" → "N"), or "?" for a name without letters or digits.
pub fn initials(name: &str) -> String {
    let mut letters = name
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-' || c == '.')
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_uppercase);
    match (letters.next(), letters.next()) {
        (Some(first), Some(second)) => [first, second].iter().collect(),
        (Some(first), None) => first.to_string(),
        _ => "?".to_owned(),
    }
}

/// The colour index for a name (FNV-1a, stable across builds and platforms).
pub fn avatar_colour(name: &str) -> u32 {
    let hash = name
        .to_lowercase()
        .bytes()
        .fold(0x811c_9dc5_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193));
    hash % COLOURS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_names_people_choose() {
        assert_eq!(initials("Martin"), "M");
        assert_eq!(initials("Frau Holle"), "FH");
        assert_eq!(initials("nordlicht_83"), "N8");
        assert_eq!(initials("Dr. Datei"), "DD");
        assert_eq!(initials("  "), "?");
        assert_eq!(initials("ölkanne"), "Ö");
    }

    #[test]
    fn colours_are_stable_and_in_range() {
        assert_eq!(avatar_colour("Martin"), avatar_colour("martin"));
        assert!((0..COLOURS).contains(&avatar_colour("Frau Holle")));
    }
}

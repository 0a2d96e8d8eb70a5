use leptos::prelude::*;

use super::ThreadLinks;
use crate::i18n::{t, t_string, use_i18n};

/// One entry of the page navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLink {
    /// A page number.
    Page(u32),
    /// Elided pages ("…").
    Gap,
}

/// The pages to show: the first, the last, and two on each side of the current one, with gaps
/// where pages are left out ("1 … 4 5 6 7 8 … 20"). A gap never hides a single page.
pub fn page_links(current: u32, pages: u32) -> Vec<PageLink> {
    let pages = pages.max(1);
    let current = current.clamp(1, pages);
    let from = current.saturating_sub(2).max(1);
    let to = (current + 2).min(pages);
    let mut links = Vec::new();
    if from > 1 {
        links.push(PageLink::Page(1));
        match from {
            2 => {}
            3 => links.push(PageLink::Page(2)),
            _ => links.push(PageLink::Gap),
        }
    }
    links.extend((from..=to).map(PageLink::Page));
    if to < pages {
        match pages - to {
            1 => {}
            2 => links.push(PageLink::Page(pages - 1)),
            _ => links.push(PageLink::Gap),
        }
        links.push(PageLink::Page(pages));
    }
    links
}

/// Where "previous" and "next" lead from `current`. Past the end (a stale link to page 9 of
/// 3), "previous" leads to the last page rather than to another empty one.
pub fn step_targets(current: u32, pages: u32) -> (Option<u32>, Option<u32>) {
    let pages = pages.max(1);
    let previous = if current > pages { Some(pages) } else { (current > 1).then(|| current - 1) };
    let next = (current < pages).then(|| current + 1);
    (previous, next)
}

/// Where a page navigation sits, which its label says: a thread has one above its comments and
/// one below, and two navigation landmarks need two names to be told apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PaginationPlace {
    /// Above the comments.
    #[default]
    Above,
    /// Below the comments.
    Below,
}

/// Previous, numbered pages and next, as links to the thread's pages.
#[component]
pub fn Pagination(
    /// The page shown now.
    current: u32,
    /// How many pages there are.
    pages: u32,
    /// Where the thread's pages are.
    links: ThreadLinks,
    /// Above or below the comments.
    #[prop(optional)]
    place: PaginationPlace,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = move |page: u32| links.page(page);
    let edge = |target: Option<u32>, label: AnyView, class: &'static str| match target {
        Some(page) => {
            view! { <a class=format!("pagination__step {class}") href=href(page) rel=class>{label}</a> }.into_any()
        }
        None => {
            view! { <span class=format!("pagination__step {class}") aria-disabled="true">{label}</span> }.into_any()
        }
    };
    let (previous, next) = step_targets(current, pages);
    let previous = edge(previous, t!(i18n, pagination.previous).into_any(), "prev");
    let next = edge(next, t!(i18n, pagination.next).into_any(), "next");
    let numbers = page_links(current, pages)
        .into_iter()
        .map(|link| match link {
            PageLink::Gap => view! { <li class="pagination__gap" aria-hidden="true">"…"</li> }.into_any(),
            PageLink::Page(page) if page == current => view! {
                <li>
                    <a class="pagination__page" href=href(page) aria-current="page"
                        aria-label=move || t_string!(i18n, pagination.current, page = page)>{page}</a>
                </li>
            }
            .into_any(),
            PageLink::Page(page) => view! {
                <li>
                    <a class="pagination__page" href=href(page)
                        aria-label=move || t_string!(i18n, pagination.page, page = page)>{page}</a>
                </li>
            }
            .into_any(),
        })
        .collect_view();
    let label = move || match place {
        PaginationPlace::Above => t_string!(i18n, pagination.label_above),
        PaginationPlace::Below => t_string!(i18n, pagination.label_below),
    };
    view! {
        <nav class="pagination" aria-label=label>
            {previous}
            <ol class="pagination__pages">{numbers}</ol>
            {next}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::PageLink::{Gap, Page};
    use super::*;

    #[test]
    fn few_pages_are_all_shown() {
        assert_eq!(page_links(1, 1), vec![Page(1)]);
        assert_eq!(page_links(2, 3), vec![Page(1), Page(2), Page(3)]);
    }

    #[test]
    fn many_pages_are_elided_around_the_current_one() {
        assert_eq!(page_links(1, 20), vec![Page(1), Page(2), Page(3), Gap, Page(20)]);
        assert_eq!(
            page_links(10, 20),
            vec![Page(1), Gap, Page(8), Page(9), Page(10), Page(11), Page(12), Gap, Page(20)]
        );
        assert_eq!(page_links(20, 20), vec![Page(1), Gap, Page(18), Page(19), Page(20)]);
    }

    #[test]
    fn a_gap_never_hides_one_page() {
        assert_eq!(page_links(4, 7), vec![Page(1), Page(2), Page(3), Page(4), Page(5), Page(6), Page(7)]);
    }

    #[test]
    fn steps_stop_at_the_ends_and_lead_back_from_past_the_end() {
        assert_eq!(step_targets(1, 3), (None, Some(2)));
        assert_eq!(step_targets(2, 3), (Some(1), Some(3)));
        assert_eq!(step_targets(3, 3), (Some(2), None));
        assert_eq!(step_targets(9, 3), (Some(3), None));
        assert_eq!(step_targets(1, 1), (None, None));
    }

    #[test]
    fn out_of_range_current_pages_are_clamped() {
        assert_eq!(page_links(9, 3), vec![Page(1), Page(2), Page(3)]);
        assert_eq!(page_links(0, 0), vec![Page(1)]);
    }
}

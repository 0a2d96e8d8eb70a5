//! Entry point of the Wasm app: install the panic hook and mount.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| leptos::view! { <schrieb_web::App/> });
}

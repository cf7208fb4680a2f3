//! The page's elements in component tests: `#[path = "browser_common/dom.rs"] mod dom;`.

use wasm_bindgen::JsCast;

/// The test page's document.
pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The first element matching `selector`, if any.
pub fn find(selector: &str) -> Option<web_sys::Element> {
    document().query_selector(selector).unwrap()
}

/// The first element matching `selector`; panics naming it when none does.
pub fn get(selector: &str) -> web_sys::Element {
    find(selector).unwrap_or_else(|| panic!("no element matches {selector}"))
}

/// The text of the first element matching `selector`, trimmed.
pub fn text(selector: &str) -> String {
    get(selector)
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Sets the value of the input or textarea matching `selector` and fires `input`, as typing does.
pub fn type_into(selector: &str, value: &str) {
    let element = get(selector);
    if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(value);
    } else {
        element
            .unchecked_ref::<web_sys::HtmlInputElement>()
            .set_value(value);
    }
    element
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

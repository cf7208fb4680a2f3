//! Photos reduced before they are saved (#16): a phone camera's 4000×3000 picture becomes a
//! 1600-pixel JPEG ([`PHOTO_LONG_SIDE`]) of a few hundred KB, drawn on a canvas by the browser.
//! Files that are not photos, photos already that small, and anything the browser cannot decode
//! are kept as they are.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::domain::attachment_list::{reduced_name, reduced_size, PHOTO_LONG_SIDE};

/// The JPEG quality of a reduced photo.
const QUALITY: f64 = 0.85;

/// Each file, reduced when it is a photo larger than [`PHOTO_LONG_SIDE`].
pub(super) async fn reduce_photos(files: Vec<web_sys::File>) -> Vec<web_sys::File> {
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let reduced = if is_photo(&file) {
            reduce(&file).await.ok().flatten()
        } else {
            None
        };
        out.push(reduced.unwrap_or(file));
    }
    out
}

fn is_photo(file: &web_sys::File) -> bool {
    matches!(
        file.type_().as_str(),
        "image/jpeg" | "image/png" | "image/webp" | "image/heic" | "image/heif"
    )
}

/// The photo as a reduced JPEG, or `None` when it is small enough already.
async fn reduce(file: &web_sys::File) -> Result<Option<web_sys::File>, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(window.create_image_bitmap_with_blob(file)?)
        .await?
        .dyn_into()?;
    let Some((width, height)) = reduced_size(bitmap.width(), bitmap.height(), PHOTO_LONG_SIDE)
    else {
        bitmap.close();
        return Ok(None);
    };
    let canvas: web_sys::HtmlCanvasElement = window
        .document()
        .ok_or("no document")?
        .create_element("canvas")?
        .dyn_into()?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or("no 2d context")?
        .dyn_into()?;
    context.draw_image_with_image_bitmap_and_dw_and_dh(
        &bitmap,
        0.0,
        0.0,
        f64::from(width),
        f64::from(height),
    )?;
    bitmap.close();
    let blob = JsFuture::from(js_sys::Promise::new(&mut |resolve, reject| {
        let on_failure = reject.clone();
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = if blob.is_null() {
                reject.call1(
                    &JsValue::NULL,
                    &JsValue::from_str("the photo could not be encoded"),
                )
            } else {
                resolve.call1(&JsValue::NULL, &blob)
            };
        });
        if let Err(e) = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(QUALITY),
        ) {
            let _ = on_failure.call1(&JsValue::NULL, &e);
        }
    }))
    .await?;
    let options = web_sys::FilePropertyBag::new();
    options.set_type("image/jpeg");
    let parts = js_sys::Array::of1(&blob);
    let reduced = web_sys::File::new_with_blob_sequence_and_options(
        &parts,
        &reduced_name(&file.name()),
        &options,
    )?;
    Ok(Some(reduced))
}

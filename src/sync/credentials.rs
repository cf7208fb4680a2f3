//! HTTP Basic credentials for the sync endpoint, the same in the browser and in `mesa agent`.

/// Standard base64 (with padding) of `bytes` (UTF-8 text encodes as its bytes, unlike `btoa`).
///
/// ```
/// use mesa::sync::credentials::base64;
/// assert_eq!(base64(b"ana:s3cret"), "YW5hOnMzY3JldA==");
/// assert_eq!(base64("ñ".as_bytes()), "w7E=");
/// ```
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ABC[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The `Authorization` header value for HTTP Basic.
///
/// ```
/// assert_eq!(mesa::sync::credentials::basic("ana", "s3cret"), "Basic YW5hOnMzY3JldA==");
/// ```
pub fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", base64(format!("{user}:{password}").as_bytes()))
}

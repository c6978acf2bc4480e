//! A request and a response as the preview's handlers see them (the HTTP
//! server in [`super::http`] reads and writes them; [`super::forms`] answers
//! some).

/// A request as the handler sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: String,
    pub url: String,
    /// (name in lower case, value).
    pub headers: Vec<(String, String)>,
    /// HTTP/1.1 (else 1.0).
    pub http11: bool,
    /// The body (a posted form's only; empty otherwise).
    pub body: Vec<u8>,
}

impl Request {
    /// The value of header `name` (lower case), the first if it is repeated.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// A response with the headers every answer of the preview carries.
pub fn respond(status: u16, ctype: &str, body: Vec<u8>) -> Response {
    Response {
        status,
        headers: vec![
            ("Content-Type", ctype.to_string()),
            ("Cache-Control", "no-store".into()),
            ("X-Content-Type-Options", "nosniff".into()),
        ],
        body,
    }
}

/// A plain-text response.
pub fn text(status: u16, message: &str) -> Response {
    respond(
        status,
        "text/plain; charset=utf-8",
        message.as_bytes().to_vec(),
    )
}

//! The one error type of rendering, and tera's errors turned into it. Imports
//! nothing of the render stage but the theme's error.

use tera::Tera;

use super::theme;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template `{template}`: {message}")]
    Template { template: String, message: String },
    #[error("theme: {0}")]
    Theme(#[from] theme::ThemeError),
    #[error("cannot write `{path}`: {}", .message.render(crate::messages::Lang::En))]
    Write {
        path: String,
        message: crate::messages::Msg,
    },
    #[error("two pages want the address `{0}`: check `aliases:` and ids")]
    Collision(String),
    #[error("{0}")]
    Other(String),
}

impl RenderError {
    /// What went wrong, in words for the person who ran the build (a
    /// template's own error is quoted as tera wrote it).
    pub fn message(&self) -> crate::messages::Msg {
        use crate::messages::Msg;
        match self {
            RenderError::Template { template, message } => Msg::new("render-template")
                .arg("template", template)
                .arg("message", message),
            RenderError::Theme(theme::ThemeError::File { path, message }) => {
                Msg::new("render-theme")
                    .arg("path", path)
                    .arg("message", message)
            }
            RenderError::Write { path, message } => Msg::new("render-write")
                .arg("path", path)
                .arg("message", message.clone()),
            RenderError::Collision(path) => Msg::new("render-collision").arg("path", path),
            RenderError::Other(message) => Msg::new("render-other").arg("message", message),
        }
    }
}

/// A tera error met with `template`, as the build reports it.
pub fn template_error(template: &str, e: &tera::Error) -> RenderError {
    RenderError::Template {
        template: template.into(),
        message: tera_message(e),
    }
}

/// `template` rendered with `ctx`.
pub fn render_template(
    tera: &Tera,
    template: &str,
    ctx: &tera::Context,
) -> Result<String, RenderError> {
    tera.render(template, ctx)
        .map_err(|e| template_error(template, &e))
}

/// The message of a tera error with all its causes, which is where tera puts the
/// useful part ("Variable `x` not found in context").
fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

//! Why a command failed, and so its exit code: the one place codes are decided.
//!
//! 0: done. 1: the content (or a template) has errors for the editor to fix;
//! they were printed with file, line and column. 2: the command was used wrongly
//! (a folder that is not there, a bad option) or the system failed (a full disk,
//! a folder that cannot be written). 130: stopped by Ctrl-C.

use std::process::ExitCode;

use tiendo::import::ImportError;
use tiendo::messages::Msg;

use super::print::say;
use tiendo::rename::RenameError;
use tiendo::scaffold::ScaffoldError;
use tiendo::BuildError;

#[derive(Debug)]
pub enum Failure {
    /// The content has errors (already printed); the closing line.
    Content(String),
    /// A wrong use of the command.
    Usage(String),
    /// The disk, the output folder or the system failed.
    System(String),
    /// Stopped by Ctrl-C; what was being written was left out.
    Interrupted(String),
}

impl Failure {
    pub fn code(&self) -> u8 {
        match self {
            Failure::Content(_) => 1,
            Failure::Usage(_) | Failure::System(_) => 2,
            Failure::Interrupted(_) => 130,
        }
    }

    /// Print the closing line to stderr and give the exit code.
    pub fn exit(self) -> ExitCode {
        let (Failure::Content(m)
        | Failure::Usage(m)
        | Failure::System(m)
        | Failure::Interrupted(m)) = &self;
        if !m.is_empty() {
            // Messages quote content (ids, paths, cell text): control characters
            // are written out, never sent to the terminal.
            eprintln!("{}", tiendo::chars::escape_for_terminal(m));
        }
        ExitCode::from(self.code())
    }

    /// A site folder that is not there.
    pub fn not_a_folder(site: &std::path::Path) -> Failure {
        Failure::Usage(say(&Failure::error(
            Msg::new("cli-not-a-folder").arg("path", site.display().to_string()),
        )))
    }

    /// `lỗi: …` (`error: …`): a message as the closing line of a command.
    pub fn error(message: Msg) -> Msg {
        Msg::new("cli-error").arg("message", message)
    }
}

impl From<BuildError> for Failure {
    fn from(e: BuildError) -> Failure {
        match &e {
            BuildError::Content(d) | BuildError::LostAddresses(d) => {
                Failure::Content(say(&Msg::new("build-failed").arg("summary", d.summary())))
            }
            BuildError::Published(m) => Failure::Usage(say(&Failure::error(m.clone()))),
            _ => {
                let failed = match e.aftermath_msg() {
                    Some(then) => Msg::new("build-failed-then").arg("then", then),
                    None => Msg::new("build-failed-plain"),
                };
                let message = format!("{}\n{}", say(&Failure::error(e.message())), say(&failed));
                // Templates are the editor's to fix; the disk and the system are not.
                let content = matches!(&e, BuildError::Render(r)
                    if !matches!(r, tiendo::render::RenderError::Write { .. }));
                if content {
                    Failure::Content(message)
                } else {
                    Failure::System(message)
                }
            }
        }
    }
}

impl From<ScaffoldError> for Failure {
    fn from(e: ScaffoldError) -> Failure {
        let m = say(&Failure::error(e.message()));
        match e {
            ScaffoldError::Content(_) | ScaffoldError::Invalid(_) => Failure::Content(m),
            ScaffoldError::Io { .. } => Failure::System(m),
            _ => Failure::Usage(m),
        }
    }
}

impl From<ImportError> for Failure {
    fn from(e: ImportError) -> Failure {
        let m = say(&Failure::error(e.message()));
        match e {
            ImportError::Site(_) | ImportError::Rows(_) => Failure::Content(m),
            ImportError::File { .. } => Failure::Usage(m),
            ImportError::Interrupted => Failure::Interrupted(m),
        }
    }
}

impl From<RenameError> for Failure {
    fn from(e: RenameError) -> Failure {
        let m = say(&Failure::error(e.message()));
        match e {
            RenameError::Content(_) | RenameError::Invalid(_) => Failure::Content(m),
            RenameError::Io { .. } => Failure::System(m),
            _ => Failure::Usage(m),
        }
    }
}

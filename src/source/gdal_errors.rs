//! Captures GDAL's error messages on the current thread instead of letting GDAL print them to
//! stderr. GDAL's error-handler stack is thread-local, so each reading thread installs its own
//! [`Capture`] and turns what it catches into findings.

use gdal_sys::{CPLErr, CPLErrorNum};
use std::cell::RefCell;
use std::ffi::{c_char, CStr};

/// One message GDAL raised.
#[derive(Debug, Clone, PartialEq)]
pub struct GdalMessage {
    /// `CE_Failure` or `CE_Fatal` (else a warning).
    pub failure: bool,
    pub text: String,
}

thread_local! {
    static CAPTURED: RefCell<Vec<GdalMessage>> = const { RefCell::new(Vec::new()) };
}

/// GDAL calls this for every error on a thread whose handler stack has it on top.
unsafe extern "C" fn capture(class: CPLErr::Type, _num: CPLErrorNum, msg: *const c_char) {
    if class == CPLErr::CE_None || class == CPLErr::CE_Debug {
        return;
    }
    let text = if msg.is_null() {
        String::new()
    } else {
        // SAFETY: GDAL passes a NUL-terminated message valid for the call.
        one_line(&unsafe { CStr::from_ptr(msg) }.to_string_lossy())
    };
    let failure = class == CPLErr::CE_Failure || class == CPLErr::CE_Fatal;
    let _ = CAPTURED.try_with(|c| {
        if let Ok(mut v) = c.try_borrow_mut() {
            v.push(GdalMessage { failure, text });
        }
    });
}

/// While alive, GDAL errors raised on this thread are collected (see [`Capture::take`]).
pub struct Capture {
    // Not Send: the handler lives on this thread's stack.
    _not_send: std::marker::PhantomData<*const ()>,
}

impl Capture {
    /// Installs the capturing handler on this thread.
    pub fn start() -> Capture {
        // SAFETY: pushes a plain function pointer; popped in Drop on the same thread.
        unsafe { gdal_sys::CPLPushErrorHandlerEx(Some(capture), std::ptr::null_mut()) };
        Capture {
            _not_send: std::marker::PhantomData,
        }
    }

    /// The messages caught since the last call.
    pub fn take(&self) -> Vec<GdalMessage> {
        CAPTURED.with(|c| {
            c.try_borrow_mut()
                .map(|mut v| std::mem::take(&mut *v))
                .unwrap_or_default()
        })
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        // SAFETY: pops the handler pushed in `start` on this same thread.
        unsafe { gdal_sys::CPLPopErrorHandler() };
        let _ = self.take();
    }
}

/// A message on one line: newlines and runs of blanks become single spaces.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The messages as one sentence (`; `-joined), or `fallback` when there are none.
pub fn join(messages: &[GdalMessage], fallback: &str) -> String {
    let texts: Vec<&str> = messages
        .iter()
        .map(|m| m.text.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    if texts.is_empty() {
        one_line(fallback)
    } else {
        texts.join("; ")
    }
}

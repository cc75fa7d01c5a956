//! The app as the desktop sees it: its processes, and its window on the X
//! display (found by title, shown or hidden, asked to close the way a window
//! manager's close button asks: a `WM_DELETE_WINDOW` message).

use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_long, c_uint};
use std::path::Path;
use std::ptr;

use x11_dl::xlib;

use crate::app::{dialog, App, Match, Role, Scope};
use crate::{app_binary, eventually};

/// The ids of the processes running the app binary.
pub fn app_processes() -> Vec<u32> {
    let binary = app_binary();
    let binary = binary.canonicalize().unwrap_or(binary);
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| runs(*pid, &binary))
        .collect()
}

fn runs(pid: u32, binary: &Path) -> bool {
    std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| {
        // A rebuilt binary shows as "<path> (deleted)".
        exe.to_string_lossy()
            .starts_with(&*binary.to_string_lossy())
    })
}

/// A connection to the test display.
pub struct Display {
    xlib: xlib::Xlib,
    display: *mut xlib::Display,
}

impl Display {
    pub fn open() -> Display {
        let xlib = xlib::Xlib::open().expect("libX11 loads");
        // SAFETY: XOpenDisplay with NULL opens $DISPLAY.
        let display = unsafe { (xlib.XOpenDisplay)(ptr::null()) };
        assert!(!display.is_null(), "the X display ($DISPLAY) opens");
        Display { xlib, display }
    }

    /// The top-level windows titled `title`.
    pub fn windows_titled(&self, title: &str) -> Vec<xlib::Window> {
        let x = &self.xlib;
        let mut found = Vec::new();
        // SAFETY: plain Xlib calls on an open display; every list and name
        // Xlib returns is freed with XFree.
        unsafe {
            let root = (x.XDefaultRootWindow)(self.display);
            let (mut root_ret, mut parent) = (0, 0);
            let mut children: *mut xlib::Window = ptr::null_mut();
            let mut count: c_uint = 0;
            if (x.XQueryTree)(
                self.display,
                root,
                &mut root_ret,
                &mut parent,
                &mut children,
                &mut count,
            ) == 0
            {
                return found;
            }
            for i in 0..count as usize {
                let w = *children.add(i);
                let mut name: *mut c_char = ptr::null_mut();
                if (x.XFetchName)(self.display, w, &mut name) != 0 && !name.is_null() {
                    if CStr::from_ptr(name).to_string_lossy() == title {
                        found.push(w);
                    }
                    (x.XFree)(name.cast());
                }
            }
            if !children.is_null() {
                (x.XFree)(children.cast());
            }
        }
        found
    }

    /// Whether `window` is shown (mapped and viewable).
    pub fn is_shown(&self, window: xlib::Window) -> bool {
        // SAFETY: attributes of a window on an open display, into a zeroed struct.
        unsafe {
            let mut attrs: xlib::XWindowAttributes = std::mem::zeroed();
            (self.xlib.XGetWindowAttributes)(self.display, window, &mut attrs) != 0
                && attrs.map_state == xlib::IsViewable
        }
    }

    /// The window's place and size: (x, y, width, height).
    pub fn geometry(&self, window: xlib::Window) -> (i32, i32, i32, i32) {
        // SAFETY: attributes of a window on an open display, into a zeroed struct.
        unsafe {
            let mut attrs: xlib::XWindowAttributes = std::mem::zeroed();
            (self.xlib.XGetWindowAttributes)(self.display, window, &mut attrs);
            (attrs.x, attrs.y, attrs.width, attrs.height)
        }
    }

    /// Moves and resizes `window`, as a person dragging it would.
    pub fn move_resize(&self, window: xlib::Window, x: i32, y: i32, width: u32, height: u32) {
        // SAFETY: a configure request for a window of this display.
        unsafe {
            (self.xlib.XMoveResizeWindow)(self.display, window, x, y, width, height);
            (self.xlib.XFlush)(self.display);
        }
    }

    /// Asks `window` to close, as a window manager's close button does.
    pub fn ask_to_close(&self, window: xlib::Window) {
        let x = &self.xlib;
        let atom = |name: &str| {
            let name = CString::new(name).unwrap();
            // SAFETY: interning an atom by a NUL-terminated name.
            unsafe { (x.XInternAtom)(self.display, name.as_ptr(), xlib::False) }
        };
        let protocols = atom("WM_PROTOCOLS");
        let delete = atom("WM_DELETE_WINDOW");
        // SAFETY: a zeroed ClientMessage event filled in field by field and
        // sent to a window of this display.
        unsafe {
            let mut event: xlib::XEvent = std::mem::zeroed();
            event.client_message.type_ = xlib::ClientMessage;
            event.client_message.window = window;
            event.client_message.message_type = protocols;
            event.client_message.format = 32;
            event.client_message.data.set_long(0, delete as c_long);
            event
                .client_message
                .data
                .set_long(1, xlib::CurrentTime as c_long);
            (x.XSendEvent)(
                self.display,
                window,
                xlib::False,
                xlib::NoEventMask,
                &mut event,
            );
            (x.XFlush)(self.display);
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        // SAFETY: closes the display opened in `open`.
        unsafe {
            (self.xlib.XCloseDisplay)(self.display);
        }
    }
}

/// The app window on the test display, once it is shown.
pub async fn main_window(x: &Display) -> xlib::Window {
    eventually("the Keyhold window on the display", || async {
        x.windows_titled("Keyhold")
            .into_iter()
            .find(|w| x.is_shown(*w))
    })
    .await
}

/// Keyhold windows on screen now.
pub fn shown_windows(x: &Display) -> Vec<xlib::Window> {
    x.windows_titled("Keyhold")
        .into_iter()
        .filter(|w| x.is_shown(*w))
        .collect()
}

/// Opens the alert centre from the bell in the header and clicks `button` in it.
pub async fn click_in_warnings(app: &App, button: &str) {
    let bell = app
        .wait_in(&Scope::Page, Role::Button, "Warnings", Match::Prefix)
        .await;
    app.click_el(&bell, "the warnings bell").await;
    app.click_in(&dialog("Warnings"), Role::Button, button)
        .await;
}

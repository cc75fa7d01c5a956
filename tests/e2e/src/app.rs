//! One WebDriver session on the app window, with helpers that find elements
//! the way a person (or a screen reader) does: by role and accessible name.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

use crate::driver::Screenshots;
use crate::{eventually, Driver, WAIT};

/// What kind of element to look for; the CSS behind each mirrors ARIA roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Button,
    Textbox,
    Checkbox,
    Radio,
    Combobox,
    Dialog,
    /// A button, checkbox, switch or radio (for toggles of unknown shape).
    Toggle,
    /// Any element, matched by its text.
    Any,
}

impl Role {
    fn js(self) -> &'static str {
        match self {
            Role::Button => "button",
            Role::Textbox => "textbox",
            Role::Checkbox => "checkbox",
            Role::Radio => "radio",
            Role::Combobox => "combobox",
            Role::Dialog => "dialog",
            Role::Toggle => "toggle",
            Role::Any => "any",
        }
    }
}

/// How a name must match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    Exact,
    Prefix,
    Contains,
}

impl Match {
    fn js(self) -> &'static str {
        match self {
            Match::Exact => "exact",
            Match::Prefix => "prefix",
            Match::Contains => "contains",
        }
    }
}

/// Where to look.
#[derive(Clone, Debug)]
pub enum Scope {
    Page,
    /// Inside the topmost visible dialog whose name starts with this.
    Dialog(String),
    /// Inside the first element matching this CSS selector.
    Css(String),
}

impl Scope {
    fn js(&self) -> Value {
        match self {
            Scope::Page => Value::Null,
            Scope::Dialog(name) => json!({"dialog": name}),
            Scope::Css(css) => json!({"css": css}),
        }
    }
}

pub fn dialog(name: &str) -> Scope {
    Scope::Dialog(name.to_string())
}

pub fn row(hash: &str) -> Scope {
    Scope::Css(format!("[data-hash=\"{hash}\"]"))
}

/// Shared page-side helpers, prepended to every finder script.
const LIB_JS: &str = r#"
const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
const visible = (el) => {
  if (!el || !el.isConnected) return false;
  if (el.closest('[hidden]') || el.closest('[inert]')) return false;
  const st = getComputedStyle(el);
  if (st.visibility === 'hidden' || st.display === 'none') return false;
  return el.getClientRects().length > 0;
};
const accName = (el) => {
  const lb = el.getAttribute('aria-labelledby');
  if (lb) {
    const t = norm(lb.split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean)
      .map((e) => e.textContent).join(' '));
    if (t) return t;
  }
  const al = norm(el.getAttribute('aria-label'));
  if (al) return al;
  if (el.labels && el.labels.length) {
    const t = norm(Array.from(el.labels).map((l) => l.textContent).join(' '));
    if (t) return t;
  }
  if (el.tagName === 'INPUT' && (el.type === 'button' || el.type === 'submit')) return norm(el.value);
  const role = el.getAttribute('role') || '';
  if (['BUTTON', 'A', 'OPTION', 'SUMMARY', 'LABEL'].includes(el.tagName) ||
      /^(button|link|tab|menuitem|option|radio|checkbox|switch|status|alert)$/.test(role)) {
    return norm(el.textContent);
  }
  return norm(el.getAttribute('title') || el.getAttribute('placeholder') || '');
};
const SEL = {
  button: 'button, [role=button], input[type=button], input[type=submit]',
  textbox: 'input:not([type]), input[type=text], input[type=search], input[type=password], input[type=email], input[type=url], input[type=number], input[type=datetime-local], input[type=date], textarea, [role=textbox], [role=searchbox]',
  checkbox: 'input[type=checkbox], [role=checkbox], [role=switch]',
  radio: 'input[type=radio], [role=radio]',
  combobox: 'select, [role=combobox]',
  dialog: '[role=dialog], [role=alertdialog], dialog[open]',
  toggle: 'button, [role=button], input[type=checkbox], [role=checkbox], [role=switch], input[type=radio], [role=radio]',
  any: '*',
};
const matches = (actual, want, mode) =>
  mode === 'exact' ? actual === want : mode === 'prefix' ? actual.startsWith(want) : actual.includes(want);
const root = (scope) => {
  if (!scope) return document;
  if (scope.css) return document.querySelector(scope.css);
  const ds = Array.from(document.querySelectorAll(SEL.dialog))
    .filter((d) => visible(d) && accName(d).startsWith(scope.dialog));
  return ds.length ? ds[ds.length - 1] : null;
};
// A checkbox or radio that is visually hidden behind its label still counts.
const usable = (el) => visible(el) || (el.labels && Array.from(el.labels).some(visible));
const findAll = (role, name, mode, scope) => {
  const r = root(scope);
  if (!r) return [];
  const els = Array.from(r.querySelectorAll(SEL[role]))
    .filter((el) => usable(el) && matches(role === 'any' ? norm(el.innerText) : accName(el), norm(name), mode));
  if (role === 'any') {
    // The innermost elements carrying the text, not every ancestor.
    return els.filter((el) => !els.some((o) => o !== el && el.contains(o)));
  }
  return els;
};
"#;

/// The app window under WebDriver.
pub struct App {
    pub client: Client,
    /// Where this scenario's screenshots go (shared by the app's restarts).
    shots: Arc<Screenshots>,
}

impl App {
    /// Starts the app (through the driver's launcher) with extra arguments.
    pub async fn launch(driver: &Driver, args: &[&str]) -> App {
        let mut caps = Capabilities::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({"application": driver.launcher, "args": args}),
        );
        let mut last = String::new();
        for attempt in 0..4 {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            // An app that cannot start (no display, a crash) leaves WebDriver
            // waiting for its window: give up on the attempt after a while.
            let connected = tokio::time::timeout(
                Duration::from_secs(45),
                ClientBuilder::new(HttpConnector::new())
                    .capabilities(caps.clone())
                    .connect(&driver.url()),
            )
            .await;
            match connected {
                Err(_) => last = "no WebDriver session within 45 s".to_string(),
                Ok(Err(e)) => last = format!("{e}"),
                Ok(Ok(client)) => {
                    let app = App {
                        client,
                        shots: driver.screenshots.clone(),
                    };
                    app.wait_loaded().await;
                    return app;
                }
            }
        }
        let log = std::fs::read_to_string(&driver.log).unwrap_or_default();
        let app_log = std::fs::read_to_string(&driver.app_log).unwrap_or_default();
        panic!(
            "could not start a WebDriver session on the app (args {args:?}): {last}\n\
             tauri-driver log ({}):\n{log}\napp log ({}):\n{app_log}",
            driver.log.display(),
            driver.app_log.display()
        );
    }

    async fn wait_loaded(&self) {
        eventually("the app's web view to load and render its UI", || async {
            let v = self
                .client
                .execute(
                    "return document.readyState === 'complete' && !!document.body && \
                     document.body.innerText.trim().length > 0",
                    vec![],
                )
                .await
                .ok()?;
            v.as_bool().filter(|b| *b)
        })
        .await;
    }

    /// Ends the WebDriver session, which closes the app.
    pub async fn close(self) {
        if let Err(e) = self.client.clone().close().await {
            eprintln!("[e2e] ending the WebDriver session failed: {e}");
        }
    }

    // ---- scripts -------------------------------------------------------------

    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    fn element(&self, v: &Value) -> Option<Element> {
        let id = v
            .as_object()?
            .get("element-6066-11e4-a52e-4f735466cecf")?
            .as_str()?;
        Some(Element::from_element_id(
            self.client.clone(),
            id.to_string().into(),
        ))
    }

    // ---- finding -------------------------------------------------------------

    /// Visible elements of `role` named `name`, right now.
    pub async fn find_all(
        &self,
        scope: &Scope,
        role: Role,
        name: &str,
        mode: Match,
    ) -> Vec<Element> {
        let script = format!(
            "{LIB_JS}\nreturn findAll(arguments[0], arguments[1], arguments[2], arguments[3]);"
        );
        let v = self
            .client
            .execute(
                &script,
                vec![json!(role.js()), json!(name), json!(mode.js()), scope.js()],
            )
            .await;
        match v {
            Ok(Value::Array(items)) => items.iter().filter_map(|i| self.element(i)).collect(),
            _ => Vec::new(),
        }
    }

    pub async fn find(
        &self,
        scope: &Scope,
        role: Role,
        name: &str,
        mode: Match,
    ) -> Option<Element> {
        let mut all = self.find_all(scope, role, name, mode).await;
        if role == Role::Dialog {
            all.pop()
        } else if all.is_empty() {
            None
        } else {
            Some(all.remove(0))
        }
    }

    /// Waits for a visible element of `role` named exactly `name` on the page.
    pub async fn wait(&self, role: Role, name: &str) -> Element {
        self.wait_in(&Scope::Page, role, name, Match::Exact).await
    }

    pub async fn wait_in(&self, scope: &Scope, role: Role, name: &str, mode: Match) -> Element {
        let what = format!("{role:?} named {name:?} ({mode:?}) in {scope:?}");
        eventually(&what, || self.find(scope, role, name, mode)).await
    }

    /// Whether such an element is visible now.
    pub async fn exists(&self, scope: &Scope, role: Role, name: &str, mode: Match) -> bool {
        self.find(scope, role, name, mode).await.is_some()
    }

    /// Whether such an element (exact name) shows up within `timeout`.
    pub async fn appears_within(
        &self,
        scope: &Scope,
        role: Role,
        name: &str,
        timeout: Duration,
    ) -> bool {
        let start = std::time::Instant::now();
        loop {
            if self.exists(scope, role, name, Match::Exact).await {
                return true;
            }
            if start.elapsed() > timeout {
                return false;
            }
            tokio::time::sleep(crate::POLL).await;
        }
    }

    /// Waits until no such element is visible.
    pub async fn wait_gone(&self, scope: &Scope, role: Role, name: &str, mode: Match) {
        let what = format!("{role:?} named {name:?} in {scope:?} to disappear");
        eventually(&what, || async {
            (!self.exists(scope, role, name, mode).await).then_some(())
        })
        .await
    }

    pub async fn wait_dialog(&self, name_prefix: &str) -> Element {
        self.wait_in(&Scope::Page, Role::Dialog, name_prefix, Match::Prefix)
            .await
    }

    pub async fn wait_dialog_gone(&self, name_prefix: &str) {
        self.wait_gone(&Scope::Page, Role::Dialog, name_prefix, Match::Prefix)
            .await
    }

    // ---- acting ----------------------------------------------------------------

    /// Clicks, retrying while something (an opening dialog, a busy state) is in the way.
    pub async fn click_el(&self, el: &Element, what: &str) {
        let start = std::time::Instant::now();
        loop {
            match el.click().await {
                Ok(()) => return,
                Err(e) => {
                    let msg = e.to_string();
                    if msg.contains("stale") || start.elapsed() > WAIT {
                        panic!("clicking {what} failed: {msg}");
                    }
                }
            }
            tokio::time::sleep(crate::POLL).await;
        }
    }

    /// Finds (waiting) and clicks a control by role and exact name.
    pub async fn click(&self, role: Role, name: &str) {
        self.click_in(&Scope::Page, role, name).await
    }

    pub async fn click_in(&self, scope: &Scope, role: Role, name: &str) {
        let what = format!("{role:?} {name:?} in {scope:?}");
        eventually(&format!("clicking {what}"), || async {
            let el = self.find(scope, role, name, Match::Exact).await?;
            // A control below the fold of a scrolling dialog body: bring it into view first.
            self.scroll_into_view(&el).await;
            match el.click().await {
                Ok(()) => Some(()),
                Err(e) => {
                    eprintln!("[e2e] click on {what} not yet possible: {e}");
                    None
                }
            }
        })
        .await
    }

    /// Clicks `el` with Shift held, through WebDriver actions (real key and
    /// pointer events, so the page sees `shiftKey` as from a person).
    pub async fn shift_click(&self, el: &Element, what: &str) {
        use fantoccini::actions::{
            InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT,
        };
        use fantoccini::key::Key;
        self.scroll_into_view(el).await;
        let shift: char = Key::Shift.into();
        let tick = Duration::ZERO;
        // One column per tick: Shift goes down before the press and up after it.
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: shift })
            .pause(tick)
            .pause(tick)
            .pause(tick)
            .then(KeyAction::Up { value: shift });
        let mouse = MouseActions::new("mouse".into())
            .pause(tick)
            .then(PointerAction::MoveToElement {
                element: el.clone(),
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            })
            .pause(tick);
        let actions = fantoccini::actions::Actions::from(keys).and(mouse);
        if let Err(e) = self.client.perform_actions(actions).await {
            panic!("shift-clicking {what} failed: {e}");
        }
        let _ = self.client.release_actions().await;
    }

    /// Scrolls the nearest scrolling ancestors so that `el` is in view.
    pub async fn scroll_into_view(&self, el: &Element) {
        let el_json = serde_json::to_value(el).expect("serialise element");
        let _ = self
            .client
            .execute(
                "arguments[0].scrollIntoView({ block: 'nearest', inline: 'nearest' });",
                vec![el_json],
            )
            .await;
    }

    /// Replaces a field's text by typing, as a person would.
    pub async fn type_into(&self, el: &Element, text: &str) {
        self.set_value(el, "").await;
        el.send_keys(text).await.expect("typing into a field");
    }

    /// Sets a field's value from script and fires `input` and `change` (for
    /// selects and for clearing text, where typing has no equivalent).
    pub async fn set_value(&self, el: &Element, value: &str) {
        let el_json = serde_json::to_value(el).expect("serialise element");
        self.js(
            r#"const [el, value] = arguments;
               const proto = el.tagName === 'SELECT' ? HTMLSelectElement.prototype
                 : el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
               Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
               el.dispatchEvent(new Event('input', { bubbles: true }));
               el.dispatchEvent(new Event('change', { bubbles: true }));
               return el.value;"#,
            vec![el_json, json!(value)],
        )
        .await;
    }

    /// Chooses the option of a select whose visible text or value matches.
    pub async fn choose(&self, select: &Element, option: &str) {
        let el_json = serde_json::to_value(select).expect("serialise element");
        let v = self
            .js(
                r#"const [el, want] = arguments;
                   const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
                   const opt = Array.from(el.options).find((o) => norm(o.textContent) === want || o.value === want)
                     || Array.from(el.options).find((o) => norm(o.textContent).includes(want));
                   if (!opt) return { ok: false, options: Array.from(el.options).map((o) => norm(o.textContent) + ' = ' + o.value) };
                   el.value = opt.value;
                   el.dispatchEvent(new Event('input', { bubbles: true }));
                   el.dispatchEvent(new Event('change', { bubbles: true }));
                   return { ok: true, value: el.value };"#,
                vec![el_json, json!(option)],
            )
            .await;
        assert_eq!(
            v["ok"],
            json!(true),
            "the select has no option {option:?}; it offers {}",
            v["options"]
        );
    }

    pub async fn value_of(&self, el: &Element) -> String {
        let el_json = serde_json::to_value(el).expect("serialise element");
        self.js("return arguments[0].value ?? null;", vec![el_json])
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn is_enabled(&self, el: &Element) -> bool {
        el.is_enabled()
            .await
            .expect("read whether a control is enabled")
    }

    pub async fn is_checked(&self, el: &Element) -> bool {
        let el_json = serde_json::to_value(el).expect("serialise element");
        let v = self
            .js(
                "const el = arguments[0]; return el.checked === true || el.getAttribute('aria-checked') === 'true' || el.getAttribute('aria-pressed') === 'true';",
                vec![el_json],
            )
            .await;
        v.as_bool().unwrap_or(false)
    }

    // ---- reading -----------------------------------------------------------------

    /// The visible text of the page (non-breaking spaces read as spaces).
    pub async fn body_text(&self) -> String {
        self.js(
            r"return document.body ? document.body.innerText.replace(/\u00a0/g, ' ') : '';",
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Waits until the page's visible text contains `text`; returns the text.
    pub async fn wait_text(&self, text: &str) -> String {
        eventually(&format!("the text {text:?} on the page"), || async {
            let body = self.body_text().await;
            body.contains(text).then_some(body)
        })
        .await
    }

    /// Everything the DOM holds that could leak a secret: the serialised
    /// document plus the live values of every form field (which outerHTML
    /// does not show).
    pub async fn dom_dump(&self) -> String {
        self.js(
            r#"const vals = Array.from(document.querySelectorAll('input, textarea, select'))
                 .map((e) => e.value).join('\n');
               return document.documentElement.outerHTML + '\n' + vals + '\n' + document.title;"#,
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// localStorage and sessionStorage, every key and value.
    pub async fn storage_dump(&self) -> String {
        self.js(
            r#"const dump = (s) => { const o = {}; for (let i = 0; i < s.length; i++) { const k = s.key(i); o[k] = s.getItem(k); } return o; };
               return JSON.stringify({ local: dump(window.localStorage), session: dump(window.sessionStorage) });"#,
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Asserts that `secret` is nowhere in the DOM nor in web storage.
    pub async fn assert_not_in_page(&self, secret: &str, what: &str, when: &str) {
        assert!(!secret.is_empty(), "empty secret given for {what}");
        let dom = self.dom_dump().await;
        assert!(
            !dom.contains(secret),
            "{when}: {what} is in the DOM (outerHTML or a field value)"
        );
        let storage = self.storage_dump().await;
        assert!(
            !storage.contains(secret),
            "{when}: {what} is in localStorage/sessionStorage"
        );
    }

    /// `data-hash` of every visible row whose cells include one reading exactly `name`.
    pub async fn row_hashes(&self, name: &str) -> Vec<String> {
        let script = format!(
            "{LIB_JS}\n\
             return Array.from(document.querySelectorAll('[data-hash]')).filter(visible)\n\
               .filter((r) => Array.from(r.querySelectorAll('*')).some((c) => norm(c.textContent) === arguments[0])\n\
                 || Array.from(r.querySelectorAll('[aria-label]')).some((c) => c.getAttribute('aria-label').endsWith(' ' + arguments[0])))\n\
               .map((r) => r.getAttribute('data-hash'));"
        );
        match self.js(&script, vec![json!(name)]).await {
            Value::Array(items) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// `data-hash` of every visible row.
    pub async fn visible_row_hashes(&self) -> Vec<String> {
        let script = format!(
            "{LIB_JS}\nreturn Array.from(document.querySelectorAll('[data-hash]')).filter(visible).map((r) => r.getAttribute('data-hash'));"
        );
        match self.js(&script, vec![]).await {
            Value::Array(items) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Visible text of the row with this hash.
    pub async fn row_text(&self, hash: &str) -> Option<String> {
        self.js(
            "const r = document.querySelector(`[data-hash=\"${arguments[0]}\"]`); return r ? r.innerText : null;",
            vec![json!(hash)],
        )
        .await
        .as_str()
        .map(str::to_string)
    }

    /// Saves a PNG of the screen as
    /// `target/e2e-screenshots/<scenario>/<nn>-<screen>.png`.
    pub async fn screenshot(&self, screen: &str) -> PathBuf {
        let path = self.shots.next_path(screen);
        // Let the last DOM change reach the screen before it is read.
        let _ = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        if let Err(e) = capture_display(&path) {
            panic!("taking the screenshot {screen:?} failed: {e}");
        }
        path
    }
}

/// What the X server shows, read from the display itself. WebDriver's own
/// screenshot asks WebKit for a snapshot, which never answers on some
/// screens when the app draws without accelerated compositing (as it does
/// on Linux); the display is also exactly what a person would see.
pub fn capture_display(path: &std::path::Path) -> Result<(), String> {
    let out = std::process::Command::new("import")
        .args(["-silent", "-window", "root"])
        .arg(path)
        .output()
        .map_err(|e| format!("could not run ImageMagick's import: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// When a scenario fails, the window as it was: a screenshot `failure` and
/// the page's text in the test output.
impl Drop for App {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            return;
        }
        let client = self.client.clone();
        let path = self.shots.next_path("failure");
        // The session's connection lives on the test's runtime; talk to it
        // from a thread of our own while the test thread unwinds.
        let done = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let wait = Duration::from_secs(5);
                let _ = capture_display(&path);
                let text = tokio::time::timeout(
                    wait,
                    client.execute(
                        "return document.body ? document.body.innerText : '';",
                        vec![],
                    ),
                )
                .await
                .ok()?
                .ok()?;
                Some((path, text.as_str().unwrap_or_default().to_string()))
            })
        })
        .join();
        if let Ok(Some((path, text))) = done {
            eprintln!(
                "[e2e] at the failure ({}), the page read:\n{text:.2000}",
                path.display()
            );
        }
    }
}

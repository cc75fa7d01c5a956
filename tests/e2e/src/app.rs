//! One WebDriver session on the app window: starting and closing it, running
//! scripts in the page, and finding, clicking and filling elements by role and
//! accessible name (`locate`). Reading the page is in `page_text`, pictures
//! of the screen in `screen_capture`.

use std::sync::Arc;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

use crate::driver::Screenshots;
use crate::locate::LIB_JS;
pub use crate::locate::{dialog, row, Match, Role, Scope};
pub use crate::screen_capture::capture_display;
use crate::{eventually, Driver, WAIT};

/// The app window under WebDriver.
pub struct App {
    pub client: Client,
    /// Where this scenario's screenshots go (shared by the app's restarts).
    pub(crate) shots: Arc<Screenshots>,
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
}

//! Reading the page: its text, the DOM and web storage (for secrets that must
//! not be there), and the rows of the key table.

use serde_json::{json, Value};

use crate::locate::LIB_JS;
use crate::{eventually, App};

impl App {
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
}

//! How the tests find elements: by role and accessible name, the way a person
//! or a screen reader does, within the page, a dialog or a row.

use serde_json::{json, Value};

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
    pub(crate) fn js(self) -> &'static str {
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
    pub(crate) fn js(self) -> &'static str {
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
    pub(crate) fn js(&self) -> Value {
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
pub(crate) const LIB_JS: &str = r#"
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

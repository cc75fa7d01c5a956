//! The account's guardrails and which key each one holds: a key holds at
//! most one, and assigning it elsewhere replaces the old assignment.

use super::*;

impl Store {
    pub(crate) fn guardrail(&self, id: &str) -> Option<&Guardrail> {
        self.guardrails
            .iter()
            .find(|g| g.id.eq_ignore_ascii_case(id))
    }

    /// Guardrails of a workspace, newest first: one page and the total.
    pub(crate) fn guardrail_page(
        &self,
        workspace_id: &str,
        offset: usize,
        limit: usize,
    ) -> (Vec<&Guardrail>, usize) {
        let all: Vec<&Guardrail> = self
            .guardrails
            .iter()
            .rev()
            .filter(|g| g.workspace_id == workspace_id)
            .collect();
        let total = all.len();
        (all.into_iter().skip(offset).take(limit).collect(), total)
    }

    /// Creates a guardrail from a validated body; the workspace must exist.
    pub(crate) fn create_guardrail(
        &mut self,
        input: GuardrailInput,
        now: DateTime<Utc>,
    ) -> Guardrail {
        let ws = input
            .workspace_id
            .as_deref()
            .and_then(|id| self.canonical_workspace_id(id))
            .unwrap_or_else(|| self.default_workspace_id().to_string());
        let id = keygen::uuid(&mut self.rng);
        let mut g = Guardrail::new(id, String::new(), ws, whole_seconds(now));
        input.apply(&mut g);
        self.guardrails.push(g.clone());
        g
    }

    pub(crate) fn update_guardrail(
        &mut self,
        id: &str,
        input: GuardrailInput,
        now: DateTime<Utc>,
    ) -> Option<Guardrail> {
        let g = self
            .guardrails
            .iter_mut()
            .find(|g| g.id.eq_ignore_ascii_case(id))?;
        input.apply(g);
        g.updated_at = Some(whole_seconds(now));
        Some(g.clone())
    }

    /// Deletes a guardrail and releases the keys it held.
    pub(crate) fn delete_guardrail(&mut self, id: &str) -> bool {
        let Some(i) = self
            .guardrails
            .iter()
            .position(|g| g.id.eq_ignore_ascii_case(id))
        else {
            return false;
        };
        let g = self.guardrails.remove(i);
        self.assignments.retain(|_, a| a.guardrail_id != g.id);
        true
    }

    /// Assigns existing keys to a guardrail, replacing whatever guardrail each
    /// held (a key holds at most one). Unknown hashes are skipped. Returns how
    /// many keys hold the guardrail because of this request (a key that held
    /// it already counts, keeping its original assignment).
    pub(crate) fn assign(
        &mut self,
        guardrail_id: &str,
        hashes: &[String],
        now: DateTime<Utc>,
    ) -> usize {
        let Some(gid) = self.guardrail(guardrail_id).map(|g| g.id.clone()) else {
            return 0;
        };
        let mut count = 0;
        for hash in hashes {
            if self.get(hash).is_none() {
                continue;
            }
            count += 1;
            if self
                .assignment_of(hash)
                .is_some_and(|a| a.guardrail_id == gid)
            {
                continue;
            }
            self.unassign_key(hash);
            let id = keygen::uuid(&mut self.rng);
            self.assignments.insert(
                self.next_assignment,
                Assignment {
                    id,
                    key_hash: hash.clone(),
                    guardrail_id: gid.clone(),
                    assigned_by: Some(self.owner_user_id.clone()),
                    created_at: whole_seconds(now),
                },
            );
            self.next_assignment += 1;
        }
        count
    }

    /// Releases those of `hashes` that hold this guardrail; returns how many.
    pub(crate) fn unassign(&mut self, guardrail_id: &str, hashes: &[String]) -> usize {
        let before = self.assignments.len();
        self.assignments.retain(|_, a| {
            !(a.guardrail_id.eq_ignore_ascii_case(guardrail_id) && hashes.contains(&a.key_hash))
        });
        before - self.assignments.len()
    }

    pub(super) fn unassign_key(&mut self, hash: &str) {
        self.assignments.retain(|_, a| a.key_hash != hash);
    }

    pub(crate) fn assignment_of(&self, hash: &str) -> Option<&Assignment> {
        self.assignments.values().find(|a| a.key_hash == hash)
    }

    /// Key assignments (of one guardrail, or all), newest first: one page,
    /// rendered, and the total.
    pub(crate) fn assignment_page(
        &self,
        guardrail_id: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> (Vec<serde_json::Value>, usize) {
        let matching: Vec<&Assignment> = self
            .assignments
            .values()
            .rev()
            .filter(|a| guardrail_id.is_none_or(|g| a.guardrail_id.eq_ignore_ascii_case(g)))
            .collect();
        let total = matching.len();
        let page = matching
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|a| {
                let (name, label) = self
                    .get(&a.key_hash)
                    .map(|k| (k.name.as_str(), k.label.as_str()))
                    .unwrap_or(("", ""));
                a.to_json(name, label)
            })
            .collect();
        (page, total)
    }
}

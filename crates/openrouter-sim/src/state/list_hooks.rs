//! Changes to the account made between two pages of a `GET /keys` walk, so
//! tests can see how a client copes with a list that moves under it.

use super::*;

impl Store {
    pub(crate) fn add_list_hook(&mut self, page_index: usize, mutation: ListMutation) {
        self.hooks.push(ListHook {
            remaining: page_index,
            mutation,
        });
    }

    /// Called after each `GET /keys` 200 response has been rendered.
    pub(crate) fn list_served(&mut self, workspace_id: &str, now: DateTime<Utc>) {
        let mut due = Vec::new();
        self.hooks.retain_mut(|hook| {
            if hook.remaining == 0 {
                due.push(hook.mutation.clone());
                false
            } else {
                hook.remaining -= 1;
                true
            }
        });
        for mutation in due {
            self.apply_mutation(&mutation, workspace_id, now);
        }
    }

    fn apply_mutation(&mut self, mutation: &ListMutation, workspace_id: &str, now: DateTime<Utc>) {
        match *mutation {
            ListMutation::Insert(n) => {
                self.insert_generated(n, Some(workspace_id), now);
            }
            ListMutation::DeleteNewest(n) => {
                let victims = self.hashes_in(workspace_id, true, n);
                victims.iter().for_each(|h| {
                    self.delete(h);
                });
            }
            ListMutation::DeleteOldest(n) => {
                let victims = self.hashes_in(workspace_id, false, n);
                victims.iter().for_each(|h| {
                    self.delete(h);
                });
            }
        }
    }

    fn hashes_in(&self, workspace_id: &str, newest_first: bool, n: usize) -> Vec<String> {
        let in_ws = |k: &&KeyRecord| k.workspace_id == workspace_id;
        if newest_first {
            self.keys
                .values()
                .rev()
                .filter(in_ws)
                .take(n)
                .map(|k| k.hash.clone())
                .collect()
        } else {
            self.keys
                .values()
                .filter(in_ws)
                .take(n)
                .map(|k| k.hash.clone())
                .collect()
        }
    }
}

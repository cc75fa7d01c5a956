//! Search strings typed one keystroke at a time, chosen so that every
//! keystroke changes the count the page shows (so its repaint can be timed).

/// Keys whose name or label (lowercase, `haystacks`) contain `q`.
fn matches(haystacks: &[String], q: &str) -> usize {
    if q.is_empty() {
        return haystacks.len();
    }
    haystacks.iter().filter(|h| h.contains(q)).count()
}

/// `n` successive values of the search field, each one keystroke (a digit
/// typed or a backspace) from the previous one, starting from an empty field
/// and ending empty again; deterministic.
pub fn plan(haystacks: &[String], n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let mut q = String::new();
    let mut count = matches(haystacks, &q);
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    while out.len() + q.len() < n {
        let mut moves: Vec<String> = Vec::new();
        if q.len() < 4 {
            for d in b'0'..=b'9' {
                let mut c = q.clone();
                c.push(d as char);
                moves.push(c);
            }
        }
        if !q.is_empty() {
            let mut c = q.clone();
            c.pop();
            moves.push(c);
        }
        let start = (next() % moves.len() as u64) as usize;
        let mut chosen = None;
        for i in 0..moves.len() {
            let c = &moves[(start + i) % moves.len()];
            let m = matches(haystacks, c);
            if m > 0 && m != count {
                chosen = Some((c.clone(), m));
                break;
            }
        }
        let Some((c, m)) = chosen else { break };
        q = c;
        count = m;
        out.push(q.clone());
    }
    // Backspace to empty, keeping only steps that change the count.
    while !q.is_empty() {
        q.pop();
        let m = matches(haystacks, &q);
        if m != count {
            count = m;
            out.push(q.clone());
        }
    }
    out
}

//! Counted time of one clock: the measure (business or wall time) minus the pauses.

use super::index::Measure;

/// A measure with the periods during which the clock did not run (sorted, not overlapping, in
/// nanoseconds since the epoch).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Timeline<'a> {
    pub(crate) measure: Measure<'a>,
    pub(crate) pauses: &'a [(i64, i64)],
}

impl Timeline<'_> {
    /// `(active, paused)` time in `[a, b)`: counted time outside and inside the pauses.
    pub(crate) fn split(&self, a: i64, b: i64) -> (i64, i64) {
        let total = self.measure.between(a, b);
        let paused: i64 = self
            .pauses
            .iter()
            .filter(|&&(ps, pe)| pe > a && ps < b)
            .map(|&(ps, pe)| self.measure.between(ps.max(a), pe.min(b)))
            .sum();
        (total - paused, paused)
    }

    /// The earliest instant at which `target` of active time has elapsed from `start`.
    pub(crate) fn instant_at(&self, start: i64, target: i64) -> Option<i64> {
        let mut cur = start;
        let mut remaining = target.max(0);
        for &(ps, pe) in self.pauses {
            if pe <= cur {
                continue;
            }
            if ps > cur {
                let available = self.measure.between(cur, ps);
                if remaining <= available {
                    return self.measure.add(cur, remaining);
                }
                remaining -= available;
            }
            cur = cur.max(pe);
        }
        self.measure.add(cur, remaining)
    }
}

/// Pauses as sorted, merged `[start, end)` ranges; an open pause ends at `open_end`.
pub(crate) fn normalise(mut pauses: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    pauses.retain(|p| p.1 > p.0);
    if pauses.windows(2).any(|w| w[1].0 < w[0].0) {
        pauses.sort_unstable();
    }
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(pauses.len());
    for (s, e) in pauses {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_move_the_instant_by_their_length() {
        let t = Timeline {
            measure: Measure::Wall,
            pauses: &[(10, 20), (30, 35)],
        };
        assert_eq!(t.instant_at(0, 5), Some(5));
        assert_eq!(t.instant_at(0, 10), Some(10));
        assert_eq!(t.instant_at(0, 11), Some(21));
        assert_eq!(t.instant_at(0, 25), Some(40));
        assert_eq!(t.split(0, 40), (25, 15));
        assert_eq!(
            normalise(vec![(5, 9), (1, 3), (2, 4), (7, 7)]),
            vec![(1, 4), (5, 9)]
        );
    }
}

//! What a generator declares (the lists it writes and their weights), and
//! the weight table that splits `n` over every scaled list.

use super::gen::Gen;

/// One list a generator writes, named `section.list` as in the model.
#[derive(Clone, Copy)]
pub struct Kind {
    pub list: &'static str,
    /// The list's share of the scaled resources, per mille (roughly: the
    /// table is normalized by its sum); `None` for a fixed list.
    pub weight: Option<usize>,
}

impl Kind {
    /// A list that grows with `n`, by `weight`.
    pub const fn scaled(list: &'static str, weight: usize) -> Kind {
        Kind {
            list,
            weight: Some(weight),
        }
    }

    /// A list written at a size the generator decides: the skeleton a real
    /// account has once (trails, recorders, region settings), or a share of
    /// another list's count. Its resources come out of `SKELETON_MAX`.
    pub const fn fixed(list: &'static str) -> Kind {
        Kind { list, weight: None }
    }
}

#[derive(Clone, Copy)]
/// A section's generator: the lists it writes, and the function that
/// writes them.
pub struct Generator {
    /// Every list it writes; replication leaves them alone.
    pub kinds: &'static [Kind],
    /// Writes its section(s) into `g.acct`: `counts[kind]` resources of each
    /// scaled kind.
    pub generate: fn(&mut Gen, &Counts),
}

/// How many resources each scaled list gets.
pub struct Counts(Vec<(String, usize)>);

impl Counts {
    /// Splits `total` over the `(list, weight)` table, largest remainders
    /// first (ties in table order); each list gets at least 1.
    pub fn split(total: usize, table: &[(String, usize)]) -> Counts {
        let sum: usize = table.iter().map(|(_, w)| w).sum();
        let mut counts: Vec<usize> = table.iter().map(|(_, w)| total * w / sum).collect();
        let mut order: Vec<usize> = (0..table.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse((total * table[i].1) % sum));
        let mut left = total - counts.iter().sum::<usize>();
        for &i in order.iter().cycle() {
            if left == 0 {
                break;
            }
            counts[i] += 1;
            left -= 1;
        }
        Counts(
            table
                .iter()
                .zip(counts)
                .map(|((list, _), c)| (list.clone(), c.max(1)))
                .collect(),
        )
    }

    /// The count of `list` (`section.list`).
    pub fn of(&self, list: &str) -> usize {
        self.0[self.position(list)].1
    }

    fn position(&self, list: &str) -> usize {
        self.0
            .iter()
            .position(|(l, _)| l == list)
            .unwrap_or_else(|| panic!("{list} is not a scaled list of the weight table"))
    }
}

/// `counts[KIND]`: the count of a generator's scaled kind.
impl std::ops::Index<Kind> for Counts {
    type Output = usize;

    fn index(&self, kind: Kind) -> &usize {
        &self.0[self.position(kind.list)].1
    }
}

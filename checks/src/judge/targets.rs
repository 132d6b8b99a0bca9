//! Targets: resources that others of their kind point at, such as a
//! dead-letter queue (other queues' redrive policies) or a bucket that
//! receives server access logs (other buckets' logging).
//!
//! A target is judged through its sources: a check SKIPs it, naming them
//! ([`Targets::sources`]). And a resource that lacks the configuration may
//! be the target of a neighbour whose configuration could not be read: it
//! is then unknown rather than failing ([`Targets::unread_near`] names those
//! neighbours: the resources of the same place, region or region and
//! account, whose pointer is unknown).
//!
//! This block has no reasons of its own: the checks word what a target is
//! ("log target of …", "dead-letter queue of …"), naming the resources with
//! [`crate::engine::name_list`].

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

/// Where one resource points.
pub struct Pointer<'a, P> {
    /// What others name it by (a bucket name, a queue ARN).
    pub id: &'a str,
    /// What reasons call it.
    pub name: &'a str,
    /// Where a target it points at must be (a region; a region and account).
    pub place: P,
    pub target: Aim<'a>,
}

/// What a resource's configuration says it points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aim<'a> {
    /// The id of its target.
    At(&'a str),
    /// It points at nothing.
    Nothing,
    /// Its configuration could not be read.
    Unknown,
}

/// Who points at what, indexed once per check.
pub struct Targets<'a, P> {
    /// Target id → the names of the other resources pointing at it.
    sources: BTreeMap<&'a str, Vec<&'a str>>,
    /// Place → the (id, name) of the resources whose pointer is unknown.
    unread: HashMap<P, Vec<(&'a str, &'a str)>>,
}

impl<'a, P: Hash + Eq> Targets<'a, P> {
    pub fn new(pointers: impl IntoIterator<Item = Pointer<'a, P>>) -> Targets<'a, P> {
        let mut sources: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut unread: HashMap<P, Vec<(&str, &str)>> = HashMap::new();
        for p in pointers {
            match p.target {
                Aim::At(target) if target != p.id => {
                    sources.entry(target).or_default().push(p.name)
                }
                Aim::At(_) | Aim::Nothing => {}
                Aim::Unknown => unread.entry(p.place).or_default().push((p.id, p.name)),
            }
        }
        Targets { sources, unread }
    }

    /// The other resources pointing at `id`, when some do.
    pub fn sources(&self, id: &str) -> Option<&[&'a str]> {
        self.sources.get(id).map(Vec::as_slice)
    }

    /// The resources of `place` other than `id` whose pointer could not be
    /// read: `id` may be their target.
    pub fn unread_near(&self, place: &P, id: &str) -> Vec<&'a str> {
        self.unread
            .get(place)
            .into_iter()
            .flatten()
            .filter(|(other, _)| *other != id)
            .map(|(_, name)| *name)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointer<'a>(id: &'a str, place: &'a str, target: Aim<'a>) -> Pointer<'a, &'a str> {
        Pointer {
            id,
            name: id,
            place,
            target,
        }
    }

    #[test]
    fn sources_and_unread_neighbours() {
        let t = Targets::new([
            pointer("a", "r1", Aim::At("logs")),
            pointer("b", "r1", Aim::At("logs")),
            pointer("logs", "r1", Aim::At("logs")),
            pointer("c", "r1", Aim::Unknown),
            pointer("d", "r2", Aim::Unknown),
            pointer("e", "r2", Aim::Nothing),
        ]);
        assert_eq!(
            t.sources("logs"),
            Some(&["a", "b"][..]),
            "pointing at itself does not count"
        );
        assert_eq!(t.sources("a"), None);
        assert_eq!(t.unread_near(&"r1", "a"), ["c"]);
        assert!(
            t.unread_near(&"r1", "c").is_empty(),
            "a resource is not its own neighbour"
        );
        assert_eq!(t.unread_near(&"r2", "e"), ["d"]);
        assert!(t.unread_near(&"r3", "x").is_empty());
    }
}

//! The YAML text as a tree of nodes, each with its place in the text.
//! Built from saphyr-parser's events, so every position comes from the
//! parser itself. The budgets that keep a hostile or broken file cheap
//! (nesting depth, node count, text size) are enforced here, as the events
//! arrive, and anchors, aliases and tags, which danvan files never need,
//! are refused: that rules out alias bombs altogether.

use super::messages;
use crate::error::Mistake;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};

pub(crate) type NodeId = usize;

/// Deeper nesting than this is a mistake in any danvan file.
pub(crate) const MAX_DEPTH: usize = 32;
/// More nodes than this is not a file an editor wrote.
pub(crate) const MAX_NODES: usize = 500_000;

/// A place in the YAML text: 1-based line, 0-based column and index, both
/// in characters, as saphyr counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pos {
    pub line: usize,
    pub col: usize,
    pub index: usize,
}

impl Pos {
    fn from_marker(m: saphyr_parser::Marker) -> Pos {
        Pos {
            line: m.line(),
            col: m.col(),
            index: m.index(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Plain,
    Quoted,
    /// `|` or `>` blocks.
    Block,
}

#[derive(Debug)]
pub(crate) enum Kind {
    Scalar { text: String, style: Style },
    Seq { items: Vec<NodeId> },
    Map { entries: Vec<(NodeId, NodeId)> },
}

#[derive(Debug)]
pub(crate) struct Node {
    pub kind: Kind,
    pub start: Pos,
    pub end: Pos,
    /// Written `{...}` or `[...]`.
    pub flow: bool,
    pub parent: Option<NodeId>,
    /// Left out after an error, so that the rest can still be read.
    pub removed: bool,
    /// A key of its map.
    pub is_key: bool,
}

/// A parsed YAML document.
#[derive(Debug)]
pub(crate) struct Tree {
    pub nodes: Vec<Node>,
    pub root: NodeId,
}

impl Tree {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    pub fn scalar(&self, id: NodeId) -> Option<(&str, Style)> {
        match &self.nodes[id].kind {
            Kind::Scalar { text, style } => Some((text, *style)),
            _ => None,
        }
    }

    /// Entries of a map that are still in play.
    pub fn entries(&self, id: NodeId) -> Vec<(NodeId, NodeId)> {
        match &self.nodes[id].kind {
            Kind::Map { entries } => entries
                .iter()
                .copied()
                .filter(|(k, v)| !self.nodes[*k].removed && !self.nodes[*v].removed)
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn items(&self, id: NodeId) -> Vec<NodeId> {
        match &self.nodes[id].kind {
            Kind::Seq { items } => items
                .iter()
                .copied()
                .filter(|i| !self.nodes[*i].removed)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The keys of map `id` that were left out after a mistake.
    pub fn left_out_keys(&self, id: NodeId) -> impl Iterator<Item = &str> {
        let entries = match &self.nodes[id].kind {
            Kind::Map { entries } => entries.as_slice(),
            _ => &[],
        };
        entries
            .iter()
            .filter(|(k, _)| self.nodes[*k].removed)
            .filter_map(|(k, _)| self.scalar(*k).map(|(t, _)| t))
    }

    /// The key under which `id` is written (for a value or a key), if its
    /// parent is a map.
    pub fn key_of(&self, id: NodeId) -> Option<NodeId> {
        let parent = self.nodes[id].parent?;
        match &self.nodes[parent].kind {
            Kind::Map { entries } => entries
                .iter()
                .find(|(k, v)| *k == id || *v == id)
                .map(|(k, _)| *k),
            _ => None,
        }
    }

    /// The value written after key `id`.
    pub fn value_of(&self, key: NodeId) -> Option<NodeId> {
        let parent = self.nodes[key].parent?;
        match &self.nodes[parent].kind {
            Kind::Map { entries } => entries.iter().find(|(k, _)| *k == key).map(|(_, v)| *v),
            _ => None,
        }
    }

    /// Leaves out the map entry of key `key` and value `value`, at once.
    pub fn remove_entry(&mut self, key: NodeId, value: NodeId) {
        self.nodes[key].removed = true;
        self.nodes[value].removed = true;
    }

    /// Leaves `id` out: the whole map entry it belongs to, or its list
    /// item. Returns false for the root, which cannot be left out.
    pub fn remove(&mut self, id: NodeId) -> bool {
        let Some(parent) = self.nodes[id].parent else {
            return false;
        };
        if let Kind::Map { entries } = &self.nodes[parent].kind
            && let Some((k, v)) = entries.iter().find(|(k, v)| *k == id || *v == id).copied()
        {
            self.nodes[k].removed = true;
            self.nodes[v].removed = true;
            return true;
        }
        self.nodes[id].removed = true;
        true
    }

    /// The value at `path` of map keys below the root.
    #[cfg(test)]
    pub fn find(&self, path: &[&str]) -> Option<NodeId> {
        let mut at = self.root;
        for key in path {
            at = self
                .entries(at)
                .into_iter()
                .find(|(k, _)| self.scalar(*k).is_some_and(|(t, _)| t == *key))
                .map(|(_, v)| v)?;
        }
        Some(at)
    }
}

/// A problem found while reading the text, at its place.
#[derive(Debug)]
pub(crate) struct Problem {
    pub at: Pos,
    pub kind: Mistake,
}

enum Frame {
    Seq(NodeId),
    Map(NodeId, Option<NodeId>),
}

/// Reads `text` into a tree. Problems that leave the rest readable (a tag,
/// an anchor) are returned beside the tree; a syntax error ends the
/// reading, and comes after the problems found before it.
pub(crate) fn build(text: &str) -> Result<(Tree, Vec<Problem>), Vec<Problem>> {
    let mut problems = Vec::new();
    match read(text, &mut problems) {
        Ok(tree) => Ok((tree, problems)),
        Err(fatal) => {
            problems.push(fatal);
            Err(problems)
        }
    }
}

fn read(text: &str, problems: &mut Vec<Problem>) -> Result<Tree, Problem> {
    let chars: Vec<char> = text.chars().collect();
    let mut nodes: Vec<Node> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<NodeId> = None;
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(e)) => e,
            Some(Err(e)) => {
                let at = Pos::from_marker(*e.marker());
                let (at, message) = messages::syntax(e.info(), text, at);
                return Err(Problem {
                    at,
                    kind: Mistake::Syntax { message },
                });
            }
        };
        let start = Pos::from_marker(span.start);
        let (anchor, tag) = match &event {
            Event::Scalar(_, _, a, t) => (*a, t.as_ref().map(|t| t.to_string())),
            Event::SequenceStart(a, t) | Event::MappingStart(a, t) => {
                (*a, t.as_ref().map(|t| t.to_string()))
            }
            _ => (0, None),
        };
        if anchor > 0 || tag.is_some() {
            problems.push(Problem {
                at: start,
                kind: Mistake::Syntax {
                    message: messages::special_start(&chars, start, tag.as_deref()),
                },
            });
        }
        let new_node = |kind, span: Span, nodes: &[Node]| -> Result<Node, Problem> {
            if nodes.len() >= MAX_NODES {
                return Err(Problem {
                    at: start,
                    kind: Mistake::Syntax {
                        message: format!(
                            "this file has more than {MAX_NODES} values: split it into smaller files"
                        ),
                    },
                });
            }
            let flow = matches!(chars.get(span.start.index()), Some('{' | '['));
            Ok(Node {
                kind,
                start,
                end: Pos::from_marker(span.end),
                flow,
                parent: None,
                removed: false,
                is_key: false,
            })
        };
        let finished: Option<NodeId> = match event {
            Event::Alias(_) => {
                problems.push(Problem {
                    at: start,
                    kind: Mistake::Syntax {
                        message: messages::special_start(&chars, start, None),
                    },
                });
                nodes.push(new_node(
                    Kind::Scalar {
                        text: String::new(),
                        style: Style::Plain,
                    },
                    span,
                    &nodes,
                )?);
                Some(nodes.len() - 1)
            }
            Event::Scalar(text, style, _, _) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    _ => Style::Block,
                };
                nodes.push(new_node(
                    Kind::Scalar {
                        text: text.into_owned(),
                        style,
                    },
                    span,
                    &nodes,
                )?);
                Some(nodes.len() - 1)
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Problem {
                        at: start,
                        kind: Mistake::Syntax {
                            message: format!(
                                "the values here are nested more than {MAX_DEPTH} levels deep: check the brackets and the indentation"
                            ),
                        },
                    });
                }
                let is_seq = matches!(event, Event::SequenceStart(..));
                let kind = if is_seq {
                    Kind::Seq { items: Vec::new() }
                } else {
                    Kind::Map {
                        entries: Vec::new(),
                    }
                };
                nodes.push(new_node(kind, span, &nodes)?);
                let id = nodes.len() - 1;
                stack.push(if is_seq {
                    Frame::Seq(id)
                } else {
                    Frame::Map(id, None)
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq(id) | Frame::Map(id, _)) => {
                    nodes[id].end = Pos::from_marker(span.end);
                    Some(id)
                }
                None => None,
            },
            _ => None,
        };
        let Some(id) = finished else { continue };
        match stack.last_mut() {
            Some(Frame::Seq(parent)) => {
                let parent = *parent;
                nodes[id].parent = Some(parent);
                if let Kind::Seq { items } = &mut nodes[parent].kind {
                    items.push(id);
                }
            }
            Some(Frame::Map(parent, pending)) => {
                let parent = *parent;
                nodes[id].parent = Some(parent);
                match pending.take() {
                    None => {
                        *pending = Some(id);
                        nodes[id].is_key = true;
                    }
                    Some(key) => {
                        if let Kind::Map { entries } = &mut nodes[parent].kind {
                            entries.push((key, id));
                        }
                    }
                }
            }
            None => {
                let empty = is_empty_root(&nodes[id]);
                match root {
                    Some(first) if !is_empty_root(&nodes[first]) => {
                        if !empty {
                            return Err(Problem {
                                at: nodes[id].start,
                                kind: Mistake::Syntax {
                                    message: "a second block of keys starts here, after a `---` line: a file holds one block; remove the `---` line above".to_string(),
                                },
                            });
                        }
                    }
                    _ => root = Some(id),
                }
            }
        }
    }
    let root = match root {
        Some(r) => r,
        None => {
            nodes.push(Node {
                kind: Kind::Map {
                    entries: Vec::new(),
                },
                start: Pos {
                    line: 1,
                    col: 0,
                    index: 0,
                },
                end: Pos::default(),
                flow: false,
                parent: None,
                removed: false,
                is_key: false,
            });
            nodes.len() - 1
        }
    };
    Ok(Tree { nodes, root })
}

fn is_empty_root(node: &Node) -> bool {
    matches!(&node.kind, Kind::Scalar { text, style: Style::Plain } if text.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Tree {
        build(text).map(|(t, _)| t).unwrap()
    }

    #[test]
    fn scalars_keep_their_positions() {
        let t = tree("title: Kế hoạch\nsigner:\n  name: Vân Văn Kiều\n");
        let name = t.find(&["signer", "name"]).unwrap();
        assert_eq!(t.scalar(name).unwrap().0, "Vân Văn Kiều");
        assert_eq!((t.node(name).start.line, t.node(name).start.col), (3, 8));
    }

    #[test]
    fn flow_collections_are_marked() {
        let t = tree("title: {vi: A, en: B}\ntags: [a, b]\nx:\n  - c\n");
        assert!(t.node(t.find(&["title"]).unwrap()).flow);
        assert!(t.node(t.find(&["tags"]).unwrap()).flow);
        assert!(!t.node(t.find(&["x"]).unwrap()).flow);
    }

    #[test]
    fn deep_nesting_stops_early_with_a_place() {
        let text = format!("a: {}", "[".repeat(100_000));
        let started = std::time::Instant::now();
        let e = build(&text).unwrap_err();
        assert!(started.elapsed().as_secs() < 2);
        assert!(
            matches!(&e[0].kind, Mistake::Syntax { message } if message.contains("nested")),
            "{e:?}"
        );
    }

    #[test]
    fn anchors_aliases_and_tags_are_refused() {
        let (_, problems) = build("a: &x [1, 2]\nb: *x\nc: !foo bar\n").unwrap();
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    #[test]
    fn an_empty_second_document_is_fine_a_full_one_is_not() {
        assert!(build("---\nplan: A\n---\n").is_ok());
        assert!(build("plan: A\n---\ntitle: B\n").is_err());
    }
}

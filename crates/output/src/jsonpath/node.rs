//! client-go v0.37.2 `util/jsonpath/node.go`: the nodes a template parses into, one variant
//! per Go node type (`NodeList`, `NodeText`, `NodeField`, `NodeArray`, ...).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Param {
    pub(super) value: i64,
    pub(super) known: bool,
    pub(super) derived: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    List(Vec<Node>),
    Text(String),
    Field(String),
    Array([Param; 3]),
    Filter {
        left: Vec<Node>,
        right: Vec<Node>,
        op: String,
    },
    Int(i64),
    Float(f64),
    Bool(bool),
    Wildcard,
    Recursive,
    Union(Vec<Vec<Node>>),
    Identifier(String),
}

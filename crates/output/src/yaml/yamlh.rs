//! go-yaml v2 (v2.4.4) `yamlh.go`: the events the encoder hands the emitter and the scalar
//! styles, as far as `yaml.Marshal` of decoded JSON uses them.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Event {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
    Scalar(String, Style),
}

impl Event {
    pub(super) fn same_kind(&self, other: &Event) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

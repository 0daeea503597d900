//! Holds no code: this package exists for its integration tests in `tests/it`, which exercise
//! the plugins as users install and use them (release archives, krew, shell completion).

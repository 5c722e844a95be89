// Placeholder until this stage is built.

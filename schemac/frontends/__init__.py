"""Front-ends other than ``.dbs``: readers that build the same AST from other inputs."""

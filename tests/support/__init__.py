"""What tests and benchmarks share: the generated library, the loopback link server, the fuzz
strategies and properties (benchmarks import these; tests import nothing from benchmarks/)."""

import ArgumentParser

/// `ampere`: the root command. Add a subcommand by adding its type to `subcommands` (one line).
@main
struct AmpereCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ampere",
        abstract: "Cross-domain multimodal product retrieval service.",
        discussion: """
            Product pages, short videos and live streams map into one vector space; an HNSW index finds \
            neighbours; an HTTP/1.1 API serves /products, /search, /recommend, /events, /embed, /summarize, /health and /metrics.
            Configuration: built-in defaults < --config FILE < AMPERE_* environment < command-line flags. \
            Run 'ampere config' to see every key and where its value comes from. Benchmarks: ampere-bench.
            """,
        subcommands: [
            ServeCommand.self,
            ConfigCommand.self,
            ImportCommand.self,
            ClusterImportCommand.self,
            EvalCommand.self,
            RecEvalCommand.self,
            RecTrainCommand.self,
        ]
    )
}

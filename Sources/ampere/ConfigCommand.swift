import App
import ArgumentParser
import Config
import Tools

/// `ampere config`: show the effective configuration (secrets redacted) or generate reference files.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration and where each value comes from.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print config/default.json (every non-secret key with its default) instead.")
    var defaults = false

    @Flag(help: "Print the README's configuration reference table instead.")
    var markdown = false

    func run() throws {
        if defaults {
            Console.out(Configuration.defaultsJSON(), terminator: "")
        } else if markdown {
            Console.out(Configuration.markdownTable(), terminator: "")
        } else {
            for line in try options.load().describedLines { Console.out(line) }
        }
    }
}

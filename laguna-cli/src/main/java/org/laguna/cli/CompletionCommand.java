package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.laguna.client.LagunaClient;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code laguna completion bash|zsh}: the shell completion script of every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script of laguna's commands and options.",
                "bash: source <(laguna completion bash)   (or save it under /etc/bash_completion.d/)",
                "zsh:  source <(laguna completion zsh)    (in ~/.zshrc, after compinit)",
                "When a server answers, --rse/--rses/--source complete the RSE names and --scope the scopes it knows at that moment:"
                        + " make the script again to refresh them."})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.commandLine();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        String script = AutoComplete.bash("laguna", root);
        // the script serves both shells: under zsh it loads zsh's bash completion emulation itself
        String header = shell == Shell.zsh
                ? "# laguna completion for zsh: source this file from ~/.zshrc (after compinit)\n"
                : "# laguna completion for bash: source this file from ~/.bashrc\n";
        spec.commandLine().getOut().print(header + script + names());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** A layer over the generated completion that offers the server's RSE names and scopes; none if no server answers. */
    private String names() {
        List<String> rses = List.of();
        List<String> scopes = List.of();
        try (LagunaClient client = new LagunaClient(connection.resolve(ClientCommand.environment))) {
            try (Stream<JsonNode> listed = client.rses().list(null)) {
                rses = listed.map(rse -> rse.path("rse").asText()).filter(CompletionCommand::safe).sorted().toList();
            }
            List<String> found = new ArrayList<>();
            client.scopes().list().forEach(scope -> found.add(scope.asText()));
            scopes = found.stream().filter(CompletionCommand::safe).sorted().toList();
        } catch (RuntimeException e) {
            // no server, or not allowed: the commands and options still complete
        }
        return "\n# RSE names and scopes the server knew when this script was made ('laguna completion' again to refresh)\n"
                + "_laguna_rses='" + String.join(" ", rses) + "'\n"
                + "_laguna_scopes='" + String.join(" ", scopes) + "'\n"
                + "function _laguna_complete_names() {\n"
                + "  local prev_word=${COMP_WORDS[COMP_CWORD-1]} curr_word=${COMP_WORDS[COMP_CWORD]}\n"
                + "  case ${prev_word} in\n"
                + "    --rse|--rses|--source) COMPREPLY=( $(compgen -W \"${_laguna_rses}\" -- \"${curr_word}\") ); return 0 ;;\n"
                + "    --scope) COMPREPLY=( $(compgen -W \"${_laguna_scopes}\" -- \"${curr_word}\") ); return 0 ;;\n"
                + "  esac\n"
                + "  _complete_laguna \"$@\"\n"
                + "}\n"
                + "complete -F _laguna_complete_names -o default laguna ./laguna\n";
    }

    /** Names that can go in the script as they are (RSE names and scopes are letters, digits, '-', '_', '.'). */
    private static boolean safe(String name) {
        return name.matches("[A-Za-z0-9._-]+");
    }
}

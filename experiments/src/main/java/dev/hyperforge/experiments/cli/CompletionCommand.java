package dev.hyperforge.experiments.cli;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hf completion}: prints a completion script for bash and zsh (picocli's {@link AutoComplete}) that
 * completes commands, options and the fixed choices of options such as {@code --format} and {@code --sampler}.
 *
 * <pre>{@code
 * source <(hf completion)                      # bash, this shell
 * hf completion > ~/.local/share/bash-completion/completions/hf
 * autoload -U +X bashcompinit && bashcompinit && source <(hf completion)   # zsh
 * }</pre>
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash/zsh completion script for hf.",
                "bash: source <(hf completion); zsh: autoload -U +X bashcompinit && bashcompinit && source <(hf completion)."})
public final class CompletionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}

package main

import (
	"github.com/spf13/cobra"
)

func newCompletionCmd(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish",
		Short: "Print a shell completion script",
		Example: `  # bash, for the current shell
  source <(wasmcp completion bash)
  # zsh
  wasmcp completion zsh > "${fpath[1]}/_wasmcp"
  # fish
  wasmcp completion fish > ~/.config/fish/completions/wasmcp.fish`,
		Args:      exactArgs(1),
		ValidArgs: []string{"bash", "zsh", "fish"},
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(f.IO.Out, true)
			case "zsh":
				return root.GenZshCompletion(f.IO.Out)
			case "fish":
				return root.GenFishCompletion(f.IO.Out, true)
			}
			return usageErrorf("unknown shell %q: choose bash, zsh or fish", args[0])
		},
	}
}

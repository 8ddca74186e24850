package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestDocumentedCommandsParse keeps the documentation honest: every
// `synclint …` command in the CI examples (docs/ci/*.yml) and in the shell
// blocks of docs/*.md and README.md must name a real command with real flags.
func TestDocumentedCommandsParse(t *testing.T) {
	var cmds []string
	ci, _ := filepath.Glob(filepath.Join("..", "..", "docs", "ci", "*.yml"))
	if len(ci) == 0 {
		t.Fatal("no CI examples in docs/ci")
	}
	for _, f := range ci {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v yaml.Node
		if err := yaml.Unmarshal(data, &v); err != nil {
			t.Errorf("%s is not valid YAML: %v", f, err)
			continue
		}
		// Scripts are the string values (run:, script: items); YAML has
		// already joined folded blocks.
		var walk func(n *yaml.Node, script bool)
		walk = func(n *yaml.Node, script bool) {
			if script && n.Kind == yaml.ScalarNode {
				cmds = append(cmds, commandsIn(n.Value)...)
			}
			for i, c := range n.Content {
				isScript := script && n.Kind == yaml.SequenceNode
				if n.Kind == yaml.MappingNode && i%2 == 1 {
					k := n.Content[i-1].Value
					isScript = k == "run" || k == "script"
				}
				walk(c, isScript)
			}
		}
		walk(&v, false)
	}
	docs, _ := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	docs = append(docs, filepath.Join("..", "..", "README.md"))
	fence := regexp.MustCompile("(?s)```(?:sh|bash|shell)\n(.*?)```")
	for _, f := range docs {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fence.FindAllSubmatch(data, -1) {
			cmds = append(cmds, commandsIn(string(m[1]))...)
		}
	}
	t.Logf("%d documented commands", len(cmds))
	if len(cmds) < 5 {
		t.Fatalf("found only %d documented commands", len(cmds))
	}
	for _, c := range cmds {
		args := shellWords(c)[1:]
		root := newRoot(&app{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(string) string { return "" }})
		root.InitDefaultCompletionCmd()
		cmd, rest, err := root.Find(args)
		if err != nil || cmd == root {
			t.Errorf("%q: no such command (%v)", c, err)
			continue
		}
		if err := cmd.ParseFlags(rest); err != nil {
			t.Errorf("%q: %v", c, err)
		}
	}
}

// commandsIn returns the synclint command lines of a script, continuation
// lines joined and shell substitutions replaced by a word.
func commandsIn(script string) []string {
	script = regexp.MustCompile(`\\\n\s*`).ReplaceAllString(script, " ")
	var out []string
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		if !strings.HasPrefix(line, "synclint ") {
			continue
		}
		line = regexp.MustCompile(`\$\{\{[^}]*\}\}|\$\{[^}]*\}|\$[A-Za-z_]+|"\$\{[^}]*\[@\]\}"`).ReplaceAllString(line, "x")
		out = append(out, line)
	}
	return out
}

// shellWords splits a command line on spaces outside quotes.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	quote := byte(0)
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote, in = c, true
		case quote == 0 && c == ' ':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if in {
		words = append(words, cur.String())
	}
	return words
}

// k8syaml: the reference reading of Kubernetes manifests for immutable-check's differential test.
//
// It reads YAML streams exactly as kubectl's (and helm's) resource builder does before it
// decodes objects: k8s.io/apimachinery's NewYAMLOrJSONDecoder splits the stream (YAML documents
// on `---` lines, or a JSON stream), each YAML document becomes JSON through sigs.k8s.io/yaml
// (go-yaml v2 semantics: YAML 1.1 booleans, merge keys, last key wins), and documents that are
// empty or `null` are skipped, as cli-runtime's StreamVisitor skips them.
//
// Input (standard input): a JSON array of requests {"mode": "stream"|"yamltojson"|"strict",
// "text": "..."}. Output (standard output): a JSON array of answers, one per request, in order:
// {"documents": [<JSON value>, ...]} for "stream", {"json": <JSON value>} for the two others, or
// {"error": "..."} when kubectl would fail. Nothing here judges anything: the test derives the
// verdict from this output.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

type request struct {
	Mode string `json:"mode"`
	Text string `json:"text"`
}

type answer struct {
	Documents []json.RawMessage `json:"documents,omitempty"`
	JSON      json.RawMessage   `json:"json,omitempty"`
	Error     string            `json:"error,omitempty"`
}

// stream is cli-runtime's StreamVisitor.Visit up to (not including) the object decoding.
func stream(text string) answer {
	d := utilyaml.NewYAMLOrJSONDecoder(strings.NewReader(text), 4096)
	docs := []json.RawMessage{}
	for {
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			if err == io.EOF {
				return answer{Documents: docs}
			}
			return answer{Error: err.Error()}
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			continue
		}
		docs = append(docs, raw)
	}
}

func convert(text string, strict bool) answer {
	var out []byte
	var err error
	if strict {
		out, err = yaml.YAMLToJSONStrict([]byte(text))
	} else {
		out, err = yaml.YAMLToJSON([]byte(text))
	}
	if err != nil {
		return answer{Error: err.Error()}
	}
	return answer{JSON: out}
}

func main() {
	var requests []request
	if err := json.NewDecoder(os.Stdin).Decode(&requests); err != nil {
		fmt.Fprintln(os.Stderr, "k8syaml: cannot read requests:", err)
		os.Exit(2)
	}
	answers := make([]answer, len(requests))
	for i, r := range requests {
		switch r.Mode {
		case "stream":
			answers[i] = stream(r.Text)
		case "yamltojson":
			answers[i] = convert(r.Text, false)
		case "strict":
			answers[i] = convert(r.Text, true)
		default:
			answers[i] = answer{Error: "unknown mode " + r.Mode}
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(answers); err != nil {
		fmt.Fprintln(os.Stderr, "k8syaml:", err)
		os.Exit(2)
	}
}

// The reference reading of Pulumi's records: what `pulumi stack import` and the backends decode a
// `pulumi stack export` (apitype.UntypedDeployment, then DeploymentV3) or a checkpoint
// (apitype.VersionedCheckpoint, then CheckpointV3) into, with Go's encoding/json and Pulumi's own
// types. Reads a JSON list of {kind, text} on stdin; answers, per text, the resources as Pulumi
// holds them (the fields the checker reads) or the decoder's error.
package main

import (
	"encoding/json"
	"io"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

type request struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

type resource struct {
	URN      string         `json:"urn"`
	Type     string         `json:"type"`
	Custom   bool           `json:"custom"`
	Delete   bool           `json:"delete"`
	External bool           `json:"external"`
	Inputs   map[string]any `json:"inputs"`
	Outputs  map[string]any `json:"outputs"`
}

type answer struct {
	Resources []resource `json:"resources"`
	Error     string     `json:"error,omitempty"`
}

func deployment(kind string, text []byte) (*apitype.DeploymentV3, error) {
	if kind == "checkpoint" {
		var versioned apitype.VersionedCheckpoint
		if err := json.Unmarshal(text, &versioned); err != nil {
			return nil, err
		}
		var checkpoint apitype.CheckpointV3
		if err := json.Unmarshal(versioned.Checkpoint, &checkpoint); err != nil {
			return nil, err
		}
		if checkpoint.Latest == nil {
			return &apitype.DeploymentV3{}, nil
		}
		return checkpoint.Latest, nil
	}
	var untyped apitype.UntypedDeployment
	if err := json.Unmarshal(text, &untyped); err != nil {
		return nil, err
	}
	var d apitype.DeploymentV3
	if err := json.Unmarshal(untyped.Deployment, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		panic(err)
	}
	var requests []request
	if err := json.Unmarshal(in, &requests); err != nil {
		panic(err)
	}
	answers := make([]answer, len(requests))
	for i, r := range requests {
		d, err := deployment(r.Kind, []byte(r.Text))
		if err != nil {
			answers[i] = answer{Error: err.Error()}
			continue
		}
		answers[i].Resources = []resource{}
		for _, res := range d.Resources {
			answers[i].Resources = append(answers[i].Resources, resource{
				URN: string(res.URN), Type: string(res.Type), Custom: res.Custom, Delete: res.Delete,
				External: res.External, Inputs: res.Inputs, Outputs: res.Outputs,
			})
		}
	}
	out, err := json.Marshal(answers)
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(out)
}

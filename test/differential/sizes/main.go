// sizes: the reference reading of sizes for the differential test of
// policy-pack/workloads/quantities.ts. Each text is read by the upstream code the module ports:
//
//	quantity  k8s.io/apimachinery resource.ParseQuantity, then Quantity.Value()
//	json      Quantity.UnmarshalJSON of the text as encoding/json sends it (what the API server decodes)
//	docker    github.com/docker/go-units RAMInBytes
//	compose   compose-go types.UnitBytes, as its loader decodes a string (DecodeMapstructure)
//
// Input (standard input): a JSON array of {"kind": ..., "text": ...}. Output: a JSON array of
// answers in order: {"bytes": "<int64>"} (a Kubernetes value above int64 saturates at its
// maximum, a negative one is {"negative": true}), or {"error": "..."}. Nothing is judged here.
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"

	"github.com/compose-spec/compose-go/v2/types"
	units "github.com/docker/go-units"
	"k8s.io/apimachinery/pkg/api/resource"
)

type request struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

type answer struct {
	Bytes    string `json:"bytes,omitempty"`
	Negative bool   `json:"negative,omitempty"`
	Error    string `json:"error,omitempty"`
}

var maxQuantity = *resource.NewQuantity(math.MaxInt64, resource.DecimalSI)

func quantity(q resource.Quantity, err error) answer {
	if err != nil {
		return answer{Error: err.Error()}
	}
	if q.Sign() < 0 {
		return answer{Negative: true}
	}
	if q.Cmp(maxQuantity) > 0 {
		return answer{Bytes: strconv.FormatInt(math.MaxInt64, 10)}
	}
	return answer{Bytes: strconv.FormatInt(q.Value(), 10)}
}

func bytes(n int64, err error) answer {
	if err != nil {
		return answer{Error: err.Error()}
	}
	return answer{Bytes: strconv.FormatInt(n, 10)}
}

func read(r request) answer {
	switch r.Kind {
	case "quantity":
		return quantity(resource.ParseQuantity(r.Text))
	case "json":
		raw, err := json.Marshal(r.Text)
		if err != nil {
			return answer{Error: err.Error()}
		}
		var q resource.Quantity
		err = q.UnmarshalJSON(raw)
		return quantity(q, err)
	case "docker":
		return bytes(units.RAMInBytes(r.Text))
	case "compose":
		var u types.UnitBytes
		err := u.DecodeMapstructure(r.Text)
		return bytes(int64(u), err)
	}
	return answer{Error: fmt.Sprintf("unknown kind %q", r.Kind)}
}

func main() {
	var requests []request
	if err := json.NewDecoder(os.Stdin).Decode(&requests); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	answers := make([]answer, len(requests))
	for i, r := range requests {
		answers[i] = read(r)
	}
	if err := json.NewEncoder(os.Stdout).Encode(answers); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

// composeread: the reference reading of Compose files for immutable-check's differential test.
//
// It loads each Compose file named on standard input (one absolute path a line) with
// github.com/compose-spec/compose-go/v2, the loader `docker compose` itself uses (schema
// validation on, relative paths resolved, `extends` and `!reset`/`!override` applied, an empty
// interpolation environment), and prints one JSON line per file: the fields immutable-check's
// verdict depends on, per service, or the loader's error. Nothing here judges anything: the
// test derives the verdict from this output with Docker's own rules.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
)

type volume struct {
	Type     string `json:"type"`
	Source   string `json:"source"`
	Target   string `json:"target"`
	ReadOnly bool   `json:"read_only"`
}

type service struct {
	ReadOnly    bool              `json:"read_only"`
	Privileged  bool              `json:"privileged"`
	CapAdd      []string          `json:"cap_add"`
	Tmpfs       []string          `json:"tmpfs"`
	Volumes     []volume          `json:"volumes"`
	VolumesFrom []string          `json:"volumes_from"`
	User        string            `json:"user"`
	Image       string            `json:"image"`
	Labels      map[string]string `json:"labels"`
}

type namedVolume struct {
	Driver     string            `json:"driver"`
	DriverOpts map[string]string `json:"driver_opts"`
	External   bool              `json:"external"`
}

type result struct {
	File     string                 `json:"file"`
	Error    string                 `json:"error,omitempty"`
	Services map[string]service     `json:"services,omitempty"`
	Volumes  map[string]namedVolume `json:"volumes,omitempty"`
}

func load(file string) result {
	out := result{File: file}
	details := types.ConfigDetails{
		WorkingDir:  filepath.Dir(file),
		ConfigFiles: []types.ConfigFile{{Filename: file}},
		Environment: types.Mapping{},
	}
	project, err := loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SetProjectName("differential", true)
		o.ResolvePaths = true
	})
	if err != nil {
		out.Error = err.Error()
		return out
	}
	out.Services = map[string]service{}
	for name, s := range project.Services {
		vols := []volume{}
		for _, v := range s.Volumes {
			vols = append(vols, volume{Type: v.Type, Source: v.Source, Target: v.Target, ReadOnly: v.ReadOnly})
		}
		capAdd := append([]string{}, s.CapAdd...)
		sort.Strings(capAdd)
		out.Services[name] = service{
			ReadOnly:    s.ReadOnly,
			Privileged:  s.Privileged,
			CapAdd:      capAdd,
			Tmpfs:       append([]string{}, s.Tmpfs...),
			Volumes:     vols,
			VolumesFrom: append([]string{}, s.VolumesFrom...),
			User:        s.User,
			Image:       s.Image,
			Labels:      map[string]string(s.Labels),
		}
	}
	out.Volumes = map[string]namedVolume{}
	for name, v := range project.Volumes {
		out.Volumes[name] = namedVolume{Driver: v.Driver, DriverOpts: map[string]string(v.DriverOpts), External: bool(v.External)}
	}
	return out
}

func main() {
	// The loader warns about obsolete or YAML 1.1 spellings through logrus; the verdict is in the JSON.
	logrus.SetOutput(io.Discard)
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		file := in.Text()
		if file == "" {
			continue
		}
		if err := out.Encode(load(file)); err != nil {
			os.Exit(1)
		}
	}
	if err := in.Err(); err != nil {
		os.Exit(1)
	}
}

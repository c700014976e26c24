// pulumi-language-nodejs: a minimal Node.js language host for the Pulumi engine.
//
// Why this exists: the Go module proxy reachable from this project's machines
// does not serve github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
// at any version, so the upstream host cannot be built offline. This program is
// our own small implementation of the LanguageRuntime gRPC service on top of the
// served github.com/pulumi/pulumi/sdk/v3 module. It supports what the project
// needs:
//
//   - Run: `pulumi preview|up|destroy` of a Node.js/TypeScript program, by
//     starting `node <@pulumi/pulumi>/cmd/run` exactly as the SDK expects
//     (flags --monitor/--engine/--project/--stack/..., PULUMI_CONFIG env).
//   - RunPlugin with kind "analyzer": policy packs (`--policy-pack DIR` with a
//     PulumiPolicy.yaml `runtime: nodejs`), via sdk/v3's PolicyProxy and
//     `node <@pulumi/pulumi>/cmd/run-policy-pack <engine> <dir>`.
//   - RunPlugin with other kinds: `node <@pulumi/pulumi>/cmd/run-plugin <dir>`.
//   - GetRequiredPackages: resource plugins declared by the program's direct
//     npm dependencies (package.json "pulumi" field).
//
// Everything else (code generation, templates, InstallDependencies, Pack, ...)
// answers Unimplemented. Dependencies must be installed with npm beforehand.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Exit code with which @pulumi/pulumi's run script says "the error has already
// been reported to the user" (nodeJSProcessExitedAfterLoggingUserActionableMessage).
const exitAfterLoggedError = 32

func main() {
	// -v and --logtostderr are registered on the default FlagSet by the
	// logging package (glog) that sdk/v3 links in.
	var tracing string
	var logFlow bool
	flag.StringVar(&tracing, "tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	flag.BoolVar(&logFlow, "logflow", false, "Flow logging settings to child processes")
	// Accepted for compatibility with the upstream host; ignored.
	flag.String("root", "", "Project root path (ignored)")
	flag.Bool("typescript", true, "Deprecated, ignored")
	flag.String("tsconfig", "", "Deprecated, ignored")
	flag.String("nodeargs", "", "Deprecated, ignored")
	flag.Parse()

	logToStderr := false
	if f := flag.Lookup("logtostderr"); f != nil {
		logToStderr, _ = strconv.ParseBool(f.Value.String())
	}
	verbose := 0
	if f := flag.Lookup("v"); f != nil {
		verbose, _ = strconv.Atoi(f.Value.String())
	}
	logging.InitLogging(logToStderr, verbose, logFlow)

	engineAddress := ""
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[len(args)-1]
	}

	host := &nodeHost{engineAddress: engineAddress, tracing: tracing}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "fatal: could not start language host RPC server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from our first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "fatal: language host RPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	tracing       string
}

func (h *nodeHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

func (h *nodeHost) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.mu.Lock()
		h.engineAddress = req.GetEngineAddress()
		h.mu.Unlock()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *nodeHost) GetPluginInfo(ctx context.Context, _ *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// runtimeOptions are the `runtime.options` of Pulumi.yaml / PulumiPolicy.yaml that we honour.
type runtimeOptions struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func parseOptions(info *pulumirpc.ProgramInfo) runtimeOptions {
	opts := runtimeOptions{typescript: true}
	if info == nil || info.GetOptions() == nil {
		return opts
	}
	m := info.GetOptions().AsMap()
	switch v := m["typescript"].(type) {
	case bool:
		opts.typescript = v
	case string:
		if b, err := strconv.ParseBool(v); err == nil {
			opts.typescript = b
		}
	}
	if v, ok := m["tsconfig"].(string); ok {
		opts.tsconfig = v
	}
	if v, ok := m["nodeargs"].(string); ok && strings.TrimSpace(v) != "" {
		opts.nodeargs = strings.Fields(v)
	}
	return opts
}

func nodeBinary() (string, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return "", errors.New("could not find node on the $PATH: install Node.js to run this program")
	}
	return node, nil
}

// resolveSDKScript finds e.g. "@pulumi/pulumi/cmd/run" the way Node would when
// required from dir, so workspaces and hoisting work as they do for npm.
func resolveSDKScript(node, dir, module string) (string, error) {
	cmd := exec.Command(node, "-e", "process.stdout.write(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("could not find %s from %s: is @pulumi/pulumi installed "+
			"(run `npm install` in the program or policy pack directory)? %w", module, dir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

func nodeEnv(opts runtimeOptions) []string {
	env := os.Environ()
	env = append(env, "PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(opts.typescript))
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}
	return env
}

func configEnv(config map[string]string, secretKeys []string) ([]string, error) {
	var env []string
	if config != nil {
		b, err := json.Marshal(config)
		if err != nil {
			return nil, err
		}
		env = append(env, "PULUMI_CONFIG="+string(b))
	}
	if secretKeys == nil {
		secretKeys = []string{}
	}
	b, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	env = append(env, "PULUMI_CONFIG_SECRET_KEYS="+string(b))
	return env, nil
}

func exitCode(err error) (int, bool) {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if status, ok := exitErr.Sys().(syscall.WaitStatus); ok {
			if status.Signaled() {
				return 128 + int(status.Signal()), true
			}
			return status.ExitStatus(), true
		}
		return exitErr.ExitCode(), true
	}
	return 0, false
}

func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	node, err := nodeBinary()
	if err != nil {
		return nil, err
	}
	info := req.GetInfo()
	programDir := req.GetPwd()
	entryPoint := req.GetProgram()
	rootDir := programDir
	if info != nil {
		if info.GetProgramDirectory() != "" {
			programDir = info.GetProgramDirectory()
		}
		if info.GetEntryPoint() != "" {
			entryPoint = info.GetEntryPoint()
		}
		if info.GetRootDirectory() != "" {
			rootDir = info.GetRootDirectory()
		}
	}
	if entryPoint == "" {
		entryPoint = "."
	}
	opts := parseOptions(info)

	runScript, err := resolveSDKScript(node, programDir, "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := append([]string{}, opts.nodeargs...)
	args = append(args, runScript,
		"--monitor="+req.GetMonitorAddress(),
		"--project="+req.GetProject(),
		"--stack="+req.GetStack(),
		"--pwd="+programDir,
		"--root-directory="+rootDir,
	)
	if req.GetOrganization() != "" {
		args = append(args, "--organization="+req.GetOrganization())
	}
	if e := h.engine(); e != "" {
		args = append(args, "--engine="+e)
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		args = append(args, "--parallel="+strconv.Itoa(int(req.GetParallel())))
	}
	if h.tracing != "" {
		args = append(args, "--tracing="+h.tracing)
	}
	args = append(args, entryPoint)
	args = append(args, req.GetArgs()...)

	env := nodeEnv(opts)
	cfgEnv, err := configEnv(req.GetConfig(), req.GetConfigSecretKeys())
	if err != nil {
		return nil, err
	}
	env = append(env, cfgEnv...)

	cmd := exec.Command(node, args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	// node stays in our process group: the engine stops a language host by
	// signalling the host's whole group.
	logging.V(5).Infof("language host launching: %s %v", node, args)

	if err := cmd.Run(); err != nil {
		if code, ok := exitCode(err); ok {
			if code == exitAfterLoggedError {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run language executor): %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// streamWriter forwards a child's stdout or stderr to the engine over the RunPlugin stream.
type streamWriter struct {
	mu     *sync.Mutex
	server pulumirpc.LanguageRuntime_RunPluginServer
	stderr bool
}

func (w *streamWriter) Write(p []byte) (int, error) {
	buf := append([]byte(nil), p...)
	resp := &pulumirpc.RunPluginResponse{}
	if w.stderr {
		resp.Output = &pulumirpc.RunPluginResponse_Stderr{Stderr: buf}
	} else {
		resp.Output = &pulumirpc.RunPluginResponse_Stdout{Stdout: buf}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.server.Send(resp); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (h *nodeHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	node, err := nodeBinary()
	if err != nil {
		return err
	}
	info := req.GetInfo()
	pluginDir := req.GetProgram()
	if info != nil && info.GetProgramDirectory() != "" {
		pluginDir = info.GetProgramDirectory()
	}
	opts := parseOptions(info)

	var mu sync.Mutex
	stdout := &streamWriter{mu: &mu, server: server}
	stderr := &streamWriter{mu: &mu, server: server, stderr: true}

	env := append(append([]string{}, req.GetEnv()...), "PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(opts.typescript))
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}
	if len(req.GetEnv()) == 0 {
		env = append(os.Environ(), env...)
	}

	var exitErr error
	if req.GetKind() == "analyzer" {
		exitErr = h.runPolicyPack(ctx, node, pluginDir, req.GetArgs(), env, opts, stdout, stderr)
	} else {
		script, err := resolveSDKScript(node, pluginDir, "@pulumi/pulumi/cmd/run-plugin")
		if err != nil {
			return err
		}
		// run-plugin expects: <plugin directory> [plugin args...]; for a provider (a component
		// package) the engine passes its own address as the argument.
		args := append(append([]string{}, opts.nodeargs...), script, pluginDir)
		args = append(args, req.GetArgs()...)
		cmd := exec.CommandContext(ctx, node, args...)
		cmd.Dir = pluginDir
		if req.GetPwd() != "" {
			cmd.Dir = req.GetPwd()
		}
		cmd.Env = env
		cmd.Stdout = stdout
		cmd.Stderr = stderr
		exitErr = cmd.Run()
	}

	code := 0
	if exitErr != nil {
		c, ok := exitCode(exitErr)
		if !ok {
			return exitErr
		}
		code = c
	}
	mu.Lock()
	defer mu.Unlock()
	return server.Send(&pulumirpc.RunPluginResponse{
		Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(code)}, //nolint:gosec // exit codes are small
	})
}

// runPolicyPack starts a legacy (@pulumi/policy) Node.js policy pack behind
// sdk/v3's PolicyProxy: the engine talks to the proxy, which answers Handshake
// and ConfigureStack itself, starts the pack with the stack's settings in its
// environment, and forwards every other Analyzer call to it.
func (h *nodeHost) runPolicyPack(
	ctx context.Context, node, packDir string, pluginArgs, env []string, opts runtimeOptions,
	stdout, stderr io.Writer,
) error {
	proxy, packStdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return err
	}
	cfg, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return err
	}

	script, err := resolveSDKScript(node, packDir, "@pulumi/pulumi/cmd/run-policy-pack")
	if err != nil {
		proxy.Abort(err)
		fmt.Fprintln(stderr, err.Error())
		return err
	}

	if cfg != nil {
		cfgEnv, err := configEnv(cfg.GetConfig(), cfg.GetConfigSecretKeys())
		if err != nil {
			proxy.Abort(err)
			return err
		}
		env = append(env, cfgEnv...)
		env = append(env,
			"PULUMI_NODEJS_PROJECT="+cfg.GetProject(),
			"PULUMI_NODEJS_STACK="+cfg.GetStack(),
			"PULUMI_NODEJS_ORGANIZATION="+cfg.GetOrganization(),
			"PULUMI_NODEJS_DRY_RUN="+strconv.FormatBool(cfg.GetDryRun()),
		)
	}

	// run-policy-pack expects: [flags] <engine-address> <program>. The engine
	// passes its address as the last plugin argument.
	args := append(append([]string{}, opts.nodeargs...), script)
	args = append(args, pluginArgs...)
	args = append(args, packDir)

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = packDir
	cmd.Env = env
	cmd.Stdout = packStdout
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		proxy.Abort(err)
		return err
	}
	if err := proxy.Attach(ctx, cmd); err != nil {
		if _, isExit := exitCode(err); isExit {
			return err
		}
		// Attach failed before the pack exited (e.g. it never printed a port).
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return err
	}
	return nil
}

type packageJSON struct {
	Dependencies    map[string]string `json:"dependencies"`
	DevDependencies map[string]string `json:"devDependencies"`
	Pulumi          *struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
	Name    string `json:"name"`
	Version string `json:"version"`
}

func readPackageJSON(path string) (*packageJSON, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p packageJSON
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &p, nil
}

// findInstalledPackage looks for node_modules/<name>/package.json from dir upwards.
func findInstalledPackage(dir, name string) (*packageJSON, bool) {
	for d := dir; ; d = filepath.Dir(d) {
		if p, err := readPackageJSON(filepath.Join(d, "node_modules", name, "package.json")); err == nil {
			return p, true
		}
		if parent := filepath.Dir(d); parent == d {
			return nil, false
		}
	}
}

func (h *nodeHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		return &pulumirpc.GetRequiredPackagesResponse{}, nil
	}
	root, err := readPackageJSON(filepath.Join(dir, "package.json"))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return &pulumirpc.GetRequiredPackagesResponse{}, nil
		}
		return nil, err
	}
	names := map[string]bool{}
	for n := range root.Dependencies {
		names[n] = true
	}
	for n := range root.DevDependencies {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)

	var pkgs []*pulumirpc.PackageDependency
	seen := map[string]bool{}
	for _, n := range sorted {
		p, ok := findInstalledPackage(dir, n)
		if !ok || p.Pulumi == nil || !p.Pulumi.Resource {
			continue
		}
		name := p.Pulumi.Name
		if name == "" {
			name = strings.TrimPrefix(n, "@pulumi/")
		}
		ver := p.Pulumi.Version
		if ver == "" {
			ver = p.Version
		}
		if ver != "" && !strings.HasPrefix(ver, "v") {
			ver = "v" + ver
		}
		key := name + "@" + ver
		if seen[key] {
			continue
		}
		seen[key] = true
		pkgs = append(pkgs, &pulumirpc.PackageDependency{
			Kind:    "resource",
			Name:    name,
			Version: ver,
			Server:  p.Pulumi.Server,
		})
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

func (h *nodeHost) GetRequiredPlugins(
	ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	resp, err := h.GetRequiredPackages(ctx, &pulumirpc.GetRequiredPackagesRequest{Info: req.GetInfo()})
	if err != nil {
		return nil, err
	}
	plugins := make([]*pulumirpc.PluginDependency, 0, len(resp.GetPackages()))
	for _, p := range resp.GetPackages() {
		plugins = append(plugins, &pulumirpc.PluginDependency{
			Name: p.GetName(), Kind: p.GetKind(), Version: p.GetVersion(), Server: p.GetServer(),
		})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

// InstallDependencies is what the engine asks before it runs a program or a plugin from source
// (a component package for `pulumi package get-schema|gen-sdk|add`, `pulumi install`). This host
// never runs npm: it checks that the directory's dependencies are already installed, which it
// takes to mean that @pulumi/pulumi resolves from there as Node would resolve it, and otherwise
// fails naming the command to run.
func (h *nodeHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetDirectory()
	}
	if dir == "" {
		return errors.New("InstallDependencies: no directory given")
	}
	node, err := nodeBinary()
	if err != nil {
		return err
	}
	if _, err := resolveSDKScript(node, dir, "@pulumi/pulumi"); err != nil {
		return fmt.Errorf("the dependencies of %s are not installed, and this language host does not run npm: "+
			"run `npm install` there (or in an enclosing npm workspace) first: %w", dir, err)
	}
	return server.Send(&pulumirpc.InstallDependenciesResponse{
		Stdout: []byte(fmt.Sprintf("dependencies of %s: already installed (@pulumi/pulumi resolves); npm not run\n", dir)),
	})
}

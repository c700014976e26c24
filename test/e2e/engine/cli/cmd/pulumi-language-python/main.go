// pulumi-language-python: a minimal Python language host for the Pulumi engine.
//
// Why this exists: the Go module proxy reachable from this project's machines does not serve
// github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3 at any version, so the
// upstream host cannot be built here. This is our own small LanguageRuntime on top of the served
// github.com/pulumi/pulumi/sdk/v3 and pkg/v3 modules. It supports what the end-to-end tests need:
//
//   - GeneratePackage: `pulumi package gen-sdk --language python` (and `pulumi package add` into a
//     Python project), with pkg/v3's own Python code generator (codegen/python), the one the
//     upstream host uses.
//   - Run: `pulumi preview|up` of a Python program (`main` may be a file or a directory with
//     __main__.py), by `python -u <exec script> ...`: the script (execScript below) configures the
//     `pulumi` package from PyPI for the engine, as upstream's pulumi-language-python-exec does,
//     and runs the program inside the root stack.
//   - InstallDependencies: checks that the `pulumi` package imports with the program's Python;
//     it never runs pip.
//
// The Python used is `runtime.options.virtualenv` (a venv, relative to the project) when set,
// else PULUMI_PYTHON_CMD, else python3 on PATH. Not done: GetRequiredPackages (answers none: the
// engine finds providers on PATH and component packages from Pulumi.yaml `packages:`), pip or
// uv or poetry toolchains, `pulumi new`, program code generation (`pulumi convert`), debugging.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Exit code with which the exec script says "the error has already been reported".
const exitAfterLoggedError = 32

func main() {
	var tracing string
	flag.StringVar(&tracing, "tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint (ignored)")
	flag.String("root", "", "Project root path (ignored)")
	flag.String("virtualenv", "", "Deprecated, ignored")
	flag.Parse()
	logging.InitLogging(false, 0, false)

	engineAddress := ""
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[len(args)-1]
	}
	host := &pythonHost{engineAddress: engineAddress}
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
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "fatal: language host RPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

type pythonHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
}

func (h *pythonHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

func (h *pythonHost) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.mu.Lock()
		h.engineAddress = req.GetEngineAddress()
		h.mu.Unlock()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *pythonHost) GetPluginInfo(ctx context.Context, _ *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *pythonHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *pythonHost) GetRequiredPlugins(
	ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// GeneratePackage writes a Python SDK for the schema with pkg/v3's Python code generator.
func (h *pythonHost) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, fmt.Errorf("the schema is not valid JSON: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, diags
	}
	files, err := python.GeneratePackage("pulumi-language-python", pkg, req.GetExtraFiles(), loader)
	if err != nil {
		return nil, err
	}
	for name, content := range files {
		path := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, content, 0o600); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GeneratePackageResponse{}, nil
}

// pythonCommand is the Python that runs the program: the project's virtualenv, PULUMI_PYTHON_CMD
// or python3.
func pythonCommand(info *pulumirpc.ProgramInfo) (string, error) {
	if info != nil && info.GetOptions() != nil {
		if venv, ok := info.GetOptions().AsMap()["virtualenv"].(string); ok && venv != "" {
			if !filepath.IsAbs(venv) {
				venv = filepath.Join(info.GetRootDirectory(), venv)
			}
			python := filepath.Join(venv, "bin", "python")
			if _, err := os.Stat(python); err != nil {
				return "", fmt.Errorf("the virtualenv %s has no bin/python: create it (python3 -m venv %s) "+
					"and install the program's requirements into it", venv, venv)
			}
			return python, nil
		}
	}
	if cmd := os.Getenv("PULUMI_PYTHON_CMD"); cmd != "" {
		return cmd, nil
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		return "", errors.New("could not find python3 on the $PATH: install Python 3 to run this program")
	}
	return python, nil
}

func (h *pythonHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	python, err := pythonCommand(req.GetInfo())
	if err != nil {
		return err
	}
	if out, err := exec.Command(python, "-c", "import pulumi").CombinedOutput(); err != nil {
		return fmt.Errorf("the `pulumi` Python package does not import with %s, and this language host does not "+
			"run pip: install the program's requirements first (pip install -r requirements.txt): %s", python, out)
	}
	return server.Send(&pulumirpc.InstallDependenciesResponse{
		Stdout: []byte(fmt.Sprintf("dependencies: `pulumi` imports with %s; pip not run\n", python)),
	})
}

func (h *pythonHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	python, err := pythonCommand(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	programDir := req.GetPwd()
	entryPoint := req.GetProgram()
	if info != nil {
		if info.GetProgramDirectory() != "" {
			programDir = info.GetProgramDirectory()
		}
		if info.GetEntryPoint() != "" {
			entryPoint = info.GetEntryPoint()
		}
	}
	if entryPoint == "" {
		entryPoint = "."
	}
	script, err := os.CreateTemp("", "pulumi-language-python-exec-*.py")
	if err != nil {
		return nil, err
	}
	defer os.Remove(script.Name())
	if _, err := script.WriteString(execScript); err != nil {
		return nil, err
	}
	if err := script.Close(); err != nil {
		return nil, err
	}

	args := []string{"-u", script.Name(),
		"--monitor", req.GetMonitorAddress(),
		"--engine", h.engine(),
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--pwd", programDir,
		"--parallel", strconv.Itoa(int(req.GetParallel())),
		"--organization", req.GetOrganization(),
	}
	if req.GetDryRun() {
		args = append(args, "--dry_run")
	}
	args = append(args, entryPoint)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secrets, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(python, args...)
	cmd.Dir = programDir
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+string(config), "PULUMI_CONFIG_SECRET_KEYS="+string(secrets),
		"PYTHONUNBUFFERED=1")
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	logging.V(5).Infof("language host launching: %s %s", python, strings.Join(args, " "))
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			code := exitErr.ExitCode()
			if status, ok := exitErr.Sys().(syscall.WaitStatus); ok && status.Signaled() {
				code = 128 + int(status.Signal())
			}
			if code == exitAfterLoggedError {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code)}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run python): %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// execScript configures the `pulumi` package (PyPI) for the engine and runs the program in the
// root stack: what upstream's pulumi-language-python-exec does, reduced to the public API of
// pulumi.runtime (Settings, configure, run_in_stack). PULUMI_CONFIG is read by pulumi.Config.
const execScript = `
import argparse, asyncio, os, runpy, sys, traceback

parser = argparse.ArgumentParser()
for flag in ("--monitor", "--engine", "--project", "--stack", "--pwd", "--organization"):
    parser.add_argument(flag, default="")
parser.add_argument("--parallel", type=int, default=0)
parser.add_argument("--dry_run", action="store_true")
parser.add_argument("program")
parser.add_argument("args", nargs=argparse.REMAINDER)
options = parser.parse_args()

if options.pwd:
    os.chdir(options.pwd)
program = os.path.abspath(options.program)
sys.path.insert(0, program if os.path.isdir(program) else os.path.dirname(program))
sys.argv = [program] + options.args

import pulumi
import pulumi.runtime
from pulumi.runtime import settings

pulumi.runtime.configure(settings.Settings(
    project=options.project,
    stack=options.stack,
    monitor=options.monitor,
    engine=options.engine or None,
    parallel=options.parallel or None,
    dry_run=options.dry_run,
    organization=options.organization or None,
))

def run():
    runpy.run_path(program, run_name="__main__")

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
exit_code = 0
try:
    loop.run_until_complete(pulumi.runtime.run_in_stack(run))
except pulumi.RunError as error:
    pulumi.log.error(str(error))
    exit_code = 32
except Exception:
    pulumi.log.error("Program failed with an unhandled exception:\n" + traceback.format_exc())
    exit_code = 32
finally:
    loop.close()
sys.exit(exit_code)
`

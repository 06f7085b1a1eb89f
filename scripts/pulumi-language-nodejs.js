#!/usr/bin/env node
// Node.js language host for the Pulumi CLI, installed by scripts/setup-pulumi.sh ONLY when the Go module proxy
// does not serve Pulumi's own `pulumi-language-nodejs` (it has no semver tag, only commit pseudo-versions, and
// mirrors often lack them). It speaks the engine's LanguageRuntime gRPC protocol and runs the program exactly as
// Pulumi's host does: `node @pulumi/pulumi/cmd/run` from the project's node_modules, settings passed as flags and
// PULUMI_* environment variables. Methods the engine only needs for `pulumi new`/`install`/`convert` are left
// unimplemented, which the CLI treats as "not supported by this host".
"use strict";
const { spawn } = require("child_process");
const net = require("net");

// Like pulumi-resource-pulumi-nodejs, resolve @pulumi/pulumi from the project the CLI started us in.
const fromProject = (request, dir = process.cwd()) => require(require.resolve(request, { paths: [dir] }));
const grpc = fromProject("@grpc/grpc-js");
const langproto = fromProject("@pulumi/pulumi/proto/language_pb");
const langrpc = fromProject("@pulumi/pulumi/proto/language_grpc_pb");
const pluginproto = fromProject("@pulumi/pulumi/proto/plugin_pb");
const sdkVersion = fromProject("@pulumi/pulumi/package.json").version;

// The program exits with this code when it already reported its error to the engine (cmd/run/index.js).
const EXIT_AFTER_LOGGED_ERROR = 32;

const engineAddress =
  process.argv
    .slice(2)
    .filter((a) => !a.startsWith("-"))
    .pop() ?? "";

function programOptions(request) {
  const info = request.getInfo();
  const options = info?.getOptions()?.toJavaScript() ?? {};
  return { options, programDir: info?.getProgramDirectory() || request.getPwd(), root: info?.getRootDirectory() };
}

function runArgs(request, options, root) {
  const flags = [
    `--monitor=${request.getMonitorAddress()}`,
    `--engine=${engineAddress}`,
    `--project=${request.getProject()}`,
    `--stack=${request.getStack()}`,
    `--pwd=${request.getPwd()}`,
    `--parallel=${request.getParallel()}`,
  ];
  if (request.getOrganization()) flags.push(`--organization=${request.getOrganization()}`);
  if (root) flags.push(`--root-directory=${root}`);
  if (request.getDryrun()) flags.push("--dry-run");
  const nodeargs = typeof options.nodeargs === "string" ? options.nodeargs.split(/\s+/).filter(Boolean) : [];
  return { nodeargs, flags, program: request.getProgram() || ".", args: request.getArgsList() };
}

function runEnv(request, options) {
  const config = Object.fromEntries(request.getConfigMap().entries());
  const env = {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.getConfigsecretkeysList()),
    PULUMI_NODEJS_TYPESCRIPT: String(options.typescript !== false),
  };
  if (typeof options.tsconfig === "string") env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
  return env;
}

function run(call, callback) {
  const request = call.request;
  const { options, programDir, root } = programOptions(request);
  const { nodeargs, flags, program, args } = runArgs(request, options, root);
  let runScript;
  try {
    runScript = require.resolve("@pulumi/pulumi/cmd/run", { paths: [programDir] });
  } catch {
    return callback(null, runResponse(`could not find @pulumi/pulumi in ${programDir}: run npm install there`));
  }
  const child = spawn(process.execPath, [...nodeargs, runScript, ...flags, program, ...args], {
    cwd: request.getPwd() || programDir,
    env: runEnv(request, options),
    stdio: ["ignore", "inherit", "inherit"],
  });
  programs.add(child);
  child.on("exit", () => programs.delete(child));
  child.on("error", (err) => callback(null, runResponse(`could not start node: ${err.message}`)));
  child.on("exit", (code, signal) => {
    if (code === 0) return callback(null, runResponse());
    if (code === EXIT_AFTER_LOGGED_ERROR) return callback(null, runResponse(undefined, true));
    callback(null, runResponse(`Program exited with ${signal ? `signal ${signal}` : `non-zero exit code: ${code}`}`));
  });
}

function runResponse(error, bail = false) {
  const response = new langproto.RunResponse();
  if (error) response.setError(error);
  response.setBail(bail);
  return response;
}

function getRequiredPlugins(_call, callback) {
  // Dynamic providers are served by the bundled pulumi-nodejs plugin; nothing to download. (Pulumi's host would
  // list the plugins of provider packages such as @pulumi/aws here; revstack's program uses none.)
  const response = new langproto.GetRequiredPluginsResponse();
  response.setPluginsList([]);
  callback(null, response);
}

function getPluginInfo(_call, callback) {
  const info = new pluginproto.PluginInfo();
  info.setVersion(sdkVersion);
  callback(null, info);
}

// The engine starts this host in its own process group, so killing `pulumi up` (even its whole group) does not
// reach it. When the engine's address refuses connections twice in a row, the engine is gone: stop the programs
// this host started and exit, rather than run on for ever.
const programs = new Set();
function watchEngine(everyMs = 2000) {
  const i = engineAddress.lastIndexOf(":");
  if (i < 0) return;
  const host = engineAddress.slice(0, i).replace(/^\[|\]$/g, "") || "127.0.0.1";
  const port = Number(engineAddress.slice(i + 1));
  let refused = 0;
  setInterval(() => {
    const socket = net.connect({ host, port, timeout: everyMs });
    socket.once("connect", () => {
      refused = 0;
      socket.destroy();
    });
    socket.once("timeout", () => socket.destroy());
    socket.once("error", (err) => {
      if (err.code !== "ECONNREFUSED" || ++refused < 2) return;
      for (const child of programs) child.kill("SIGKILL");
      process.exit(1);
    });
  }, everyMs).unref();
}
watchEngine();

const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
server.addService(langrpc.LanguageRuntimeService, { run, getRequiredPlugins, getPluginInfo });
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    console.error(`pulumi-language-nodejs: cannot listen: ${err.message}`);
    process.exit(1);
  }
  // The plugin protocol: the first line on stdout is the port the engine dials.
  process.stdout.write(`${port}\n`);
});

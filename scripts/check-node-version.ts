// npm scripts run node_modules/.bin/node (the pinned Node 24) first; say so plainly if not.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `Hooktray needs Node 24 or newer, but this is Node ${process.versions.node}. Run "npm install" first: it installs Node 24 into node_modules/.bin.\n`,
  );
  process.exit(1);
}

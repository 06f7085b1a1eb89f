import type { RegisterCommand } from "../shared/command";
import { register as capacity } from "./capacity";
import { register as clone } from "./clone";
import { register as doctor } from "./doctor";
import { register as drift } from "./drift";
import { register as exportBlueprint } from "./export";
import { register as init } from "./init";
import { register as n8n } from "./n8n";
import { register as plan } from "./plan";
import { register as preview } from "./preview";
import { register as pulumi } from "./pulumi";
import { register as release } from "./release";
import { register as report } from "./report";
import { register as sandbox } from "./sandbox";
import { register as sandboxSeed } from "./sandbox-seed";
import { register as setup } from "./setup";
import { register as show } from "./show";
import { register as routingTest } from "./test";
import { register as routing } from "./routing";
import { register as validate } from "./validate";

export const commands: RegisterCommand[] = [
  init,
  setup,
  doctor,
  sandbox,
  n8n,
  validate,
  show,
  clone,
  plan,
  routingTest,
  capacity,
  routing,
  preview,
  drift,
  exportBlueprint,
  release,
  report,
  sandboxSeed,
  pulumi,
];

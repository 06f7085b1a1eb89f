import type { Command } from "commander";
import { register as sandbox } from "./sandbox";

/** A command module adds one subcommand to the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [sandbox];

// The `ledger` command (BRIEF §5). Exit codes: 0 fine, 1 the input has errors, 2 usage or unreadable input.
import { UsageError } from './args';
import { processIo, type Io } from './io';

type Command = (argv: string[], io: Io) => Promise<number>;

// Commands load on demand: `ledger check` should not pay for the service's dependencies.
const COMMANDS: Record<string, { load: () => Promise<Command>; usage: string }> = {
  check: {
    load: async () => (await import('./check')).checkCommand,
    usage: 'ledger check FILE... [--as-of YYYY-MM-DD] [--json] [--lang zh|en] [--config campaign.json]',
  },
  merge: {
    load: async () => (await import('./merge')).mergeCommand,
    usage: 'ledger merge FILE... -o OUT.xlsx [--as-of YYYY-MM-DD] [--json] [--lang zh|en] [--config campaign.json] [--title 标题]',
  },
  serve: {
    load: async () => (await import('./serve')).serveCommand,
    usage: 'ledger serve [--port N] [--host H] [--cert FILE --key FILE] [--dev] [--cors ORIGIN,…]',
  },
  token: {
    load: async () => (await import('./token')).tokenCommand,
    usage: 'ledger token create (--office | --unit NAME) [--campaign C] [--label L] | token list [--json] | token revoke ID',
  },
  user: {
    load: async () => (await import('./user')).userCommand,
    usage: 'ledger user add --tid T --oid O (--office | --unit NAME) [--name 显示名] | user list [--json] | user remove --tid T --oid O',
  },
  push: {
    load: async () => (await import('./push')).pushCommand,
    usage: 'ledger push FILE.xlsx --server URL --token T [--campaign C] [--json] [--as-of YYYY-MM-DD] [--lang zh|en]',
  },
  pull: {
    load: async () => (await import('./pull')).pullCommand,
    usage: 'ledger pull --server URL --token T -o OUT.xlsx [--campaign C] [--as-of YYYY-MM-DD] [--lang zh|en]',
  },
  closure: {
    load: async () => (await import('./closure')).closureCommand,
    usage: 'ledger closure (request|approve|return) ROW_ID --server URL --token T [--campaign C] [--note TEXT] [--json] [--lang zh|en]',
  },
  extension: {
    load: async () => (await import('./extension')).extensionCommand,
    usage:
      'ledger extension request ROW_ID --deadline YYYY-MM-DD --reason TEXT --server URL --token T [--campaign C] [--json] [--lang zh|en] | extension approve ROW_ID [--note TEXT] | extension reject ROW_ID --note TEXT (--server, --token … as for request)',
  },
  evidence: {
    load: async () => (await import('./evidence')).evidenceCommand,
    usage:
      'ledger evidence add ROW_ID FILE... --server URL --token T [--campaign C] [--json] [--lang zh|en] | evidence list ROW_ID | evidence get FILE_ID -o OUT|FOLDER [--force] | evidence remove FILE_ID (--server, --token … as for add)',
  },
  reminders: {
    load: async () => (await import('./reminders')).remindersCommand,
    usage: 'ledger reminders --server URL --token T [--campaign C] [--as-of YYYY-MM-DD] [--send] [--json] [--lang zh|en]',
  },
};

function usage(): string {
  return ['用法 / usage:', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`未知命令“${name}” / unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n用法 / usage: ${command.usage}`);
      return 2;
    }
    // The service refused (401/403/404) or could not be reached: not the workbook's fault.
    if (e instanceof Error && e.name === 'ServiceError') {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
}

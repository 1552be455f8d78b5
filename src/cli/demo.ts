/**
 * `millrace demo`: until the pipeline services land, the demo starts the server with its
 * embedded defaults and says what it will do.
 */
import type { MillraceConfig } from '../server/config.js'
import { runCommand as start } from './start.js'

export const runCommand = async (config: MillraceConfig): Promise<void> => {
  process.stdout.write(
    'Millrace demo: the streaming pipeline demo (Kinesis → Firehose → S3 → Glue) arrives with those services;\n' +
      'for now the demo starts the server. Point the AWS CLI at it with --endpoint-url.\n',
  )
  await start(config)
}

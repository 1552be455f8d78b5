/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html */
import type { EnableEnhancedMonitoringInput, EnhancedMonitoringOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { changeMetrics } from './monitoring.js'

export const EnableEnhancedMonitoring: Handler<
  EnableEnhancedMonitoringInput,
  EnhancedMonitoringOutput
> = (input, ctx) => changeMetrics(ctx, input, input.ShardLevelMetrics, true)

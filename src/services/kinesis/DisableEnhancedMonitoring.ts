/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DisableEnhancedMonitoring.html */
import type { DisableEnhancedMonitoringInput, EnhancedMonitoringOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { changeMetrics } from './monitoring.js'

export const DisableEnhancedMonitoring: Handler<
  DisableEnhancedMonitoringInput,
  EnhancedMonitoringOutput
> = (input, ctx) => changeMetrics(ctx, input, input.ShardLevelMetrics, false)

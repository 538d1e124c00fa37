import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { QualificationInputError } from '../helpers/qualification';
import { toNodeApiError } from '../transport/errors';
import { operationModule } from './resources';
import type { OperationModule } from './toolSafety';
import { runBatch, runOperation } from './toolSafety';
import { operationLabel } from './versionDescription';

function operationFor(this: IExecuteFunctions, resource: string, operation: string): OperationModule {
	const module = operationModule(resource, operation);
	if (!module) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for resource "${resource}"`,
		);
	}
	return module;
}

/** A batch operation (Identity → Reconcile) with its label, or undefined for a per-item one. */
function batchOperation(this: IExecuteFunctions): { module: OperationModule; label: string } | undefined {
	if (this.getInputData().length === 0) return undefined;
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = operationModule(resource, operation);
	return module?.executeAll ? { module, label: operationLabel(resource, operation) } : undefined;
}

/** Keeps n8n's error classes; anything else (a transport failure) is mapped to an AR error. */
function asNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		error.context = { ...error.context, itemIndex };
		return error;
	}
	// A user value the qualification builder refused: the message already names field and fix.
	if (error instanceof QualificationInputError) {
		return new NodeOperationError(this.getNode(), error.message, { itemIndex });
	}
	return toNodeApiError(this.getNode(), error, { itemIndex });
}

/**
 * Runs the chosen operation once per input item. Each output item is paired to the input item it
 * came from; with Continue On Fail a failed item yields one error item and the rest go on.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];
	const batch = batchOperation.call(this);
	if (batch) {
		try {
			// The same gate as per item: refusal or forced Dry Run, and an answer sized for a model.
			return [await runBatch.call(this, batch.module, batch.label)];
		} catch (error) {
			const nodeError = asNodeError.call(this, error, 0);
			if (!this.continueOnFail()) throw nodeError;
			return [[{ json: { error: nodeError.message, description: nodeError.description ?? undefined }, pairedItem: { item: 0 } }]];
		}
	}

	for (let i = 0; i < items.length; i++) {
		try {
			const resource = this.getNodeParameter('resource', i) as string;
			const operation = this.getNodeParameter('operation', i) as string;
			const module = operationFor.call(this, resource, operation);
			// In tool use this also refuses what the author has not allowed and sizes the answer.
			const rows = await runOperation.call(this, i, module, operationLabel(resource, operation));
			// What returnJsonArray + constructExecutionMetaData produce, in one pass: a Get Many can
			// return 100,000 rows, and each extra pass over them costs time and garbage.
			const pairedItem = { item: i };
			for (const json of rows) returnData.push({ json, pairedItem });
		} catch (error) {
			const nodeError = asNodeError.call(this, error, i);
			if (this.continueOnFail()) {
				returnData.push({
					json: { error: nodeError.message, description: nodeError.description ?? undefined },
					pairedItem: { item: i },
				});
				continue;
			}
			throw nodeError;
		}
	}
	return [returnData];
}

import onnxProto from 'onnx-proto';
import type { DifficultyModel } from '../model/difficulty-model.ts';
import { featureClip } from '../model/forward-difficulty.ts';

const { onnx } = onnxProto;

/** Names and shapes of the graph's inputs and outputs — the contract with `onnx-session.ts`. */
export const onnxInterface = {
  inputs: {
    tokenIds: { name: 'token_ids', type: 'int64', shape: ['n'] },
    features: { name: 'features', type: 'float32', shape: [1, 'F'] },
  },
  outputs: {
    difficulty: { name: 'difficulty', type: 'float32', shape: [1] },
    difficultyLogit: { name: 'difficulty_logit', type: 'float32', shape: [1] },
  },
  opsetVersion: 13,
  irVersion: 7,
} as const;

function floatTensor(name: string, dims: number[], values: Float32Array): onnxProto.onnx.ITensorProto {
  const bytes = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: bytes };
}

function int64Tensor(name: string, values: number[]): onnxProto.onnx.ITensorProto {
  return { name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values };
}

function node(opType: string, inputs: string[], outputs: string[], attributes: onnxProto.onnx.IAttributeProto[] = []): onnxProto.onnx.INodeProto {
  return { opType, input: inputs, output: outputs, name: outputs[0]!, attribute: attributes };
}

function valueInfo(name: string, elementType: number, dims: (number | string)[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: elementType,
        shape: { dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  };
}

/**
 * Encodes the difficulty model as an ONNX graph (opset 13, standard ops only):
 * Gather → ReduceMean (embedding bag) ‖ Clip((features − mean) · scale, ±5) → Concat → MatMul/Add/Relu →
 * MatMul/Add → `difficulty_logit`; then `difficulty = Sigmoid((logit − mean) · scale)`.
 */
export function buildOnnxModel(model: DifficultyModel, metadata: Record<string, string> = {}): Uint8Array {
  const { embeddingRowCount, embeddingDimension: width, featureCount, hiddenSize } = model;
  const { inputs, outputs } = onnxInterface;
  const float = onnx.TensorProto.DataType.FLOAT;
  const graph: onnxProto.onnx.IGraphProto = {
    name: 'switchyard_difficulty',
    initializer: [
      floatTensor('embedding', [embeddingRowCount, width], model.embedding),
      floatTensor('feature_mean', [1, featureCount], model.featureMean),
      floatTensor('feature_scale', [1, featureCount], model.featureScale),
      floatTensor('hidden_weights', [width + featureCount, hiddenSize], model.hiddenWeights),
      floatTensor('hidden_bias', [hiddenSize], model.hiddenBias),
      floatTensor('output_weights', [hiddenSize, 1], model.outputWeights),
      floatTensor('output_bias', [1], model.outputBias),
      floatTensor('difficulty_mean', [1], Float32Array.of(model.difficultyMean)),
      floatTensor('difficulty_scale', [1], Float32Array.of(model.difficultyScale)),
      floatTensor('feature_clip_minimum', [], Float32Array.of(-featureClip)),
      floatTensor('feature_clip_maximum', [], Float32Array.of(featureClip)),
      int64Tensor('logit_shape', [1]),
    ],
    node: [
      node('Gather', ['embedding', inputs.tokenIds.name], ['bag'], [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
      node('ReduceMean', ['bag'], ['mean_embedding'], [
        { name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [0] },
        { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 },
      ]),
      node('Sub', [inputs.features.name, 'feature_mean'], ['centered_features']),
      node('Mul', ['centered_features', 'feature_scale'], ['standardized_features']),
      node('Clip', ['standardized_features', 'feature_clip_minimum', 'feature_clip_maximum'], ['clipped_features']),
      node('Concat', ['mean_embedding', 'clipped_features'], ['model_input'], [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }]),
      node('MatMul', ['model_input', 'hidden_weights'], ['hidden_linear']),
      node('Add', ['hidden_linear', 'hidden_bias'], ['hidden_pre_activation']),
      node('Relu', ['hidden_pre_activation'], ['hidden']),
      node('MatMul', ['hidden', 'output_weights'], ['output_linear']),
      node('Add', ['output_linear', 'output_bias'], ['logit_matrix']),
      node('Reshape', ['logit_matrix', 'logit_shape'], [outputs.difficultyLogit.name]),
      node('Sub', [outputs.difficultyLogit.name, 'difficulty_mean'], ['centered_logit']),
      node('Mul', ['centered_logit', 'difficulty_scale'], ['standardized_logit']),
      node('Sigmoid', ['standardized_logit'], [outputs.difficulty.name]),
    ],
    input: [
      valueInfo(inputs.tokenIds.name, onnx.TensorProto.DataType.INT64, ['n']),
      valueInfo(inputs.features.name, float, [1, featureCount]),
    ],
    output: [valueInfo(outputs.difficulty.name, float, [1]), valueInfo(outputs.difficultyLogit.name, float, [1])],
  };
  const message = onnx.ModelProto.create({
    irVersion: onnxInterface.irVersion,
    producerName: 'switchyard',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: onnxInterface.opsetVersion }],
    graph,
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(message).finish();
}

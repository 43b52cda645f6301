// Sources shared by the syntax tests.
export const FIRST_LOOK = `# hw4.nn: the two networks of the assignment, and the all-dense one to compare with
block conv_block(f, drop = 0) {
  conv(f, padding = same) + bn + l2(0.001) + relu + dropout(drop)
  maxpool(2)
}

model cnn(w = 1) {
  input(64, 64, 3)
  conv_block(64 * w)
  conv_block(128 * w, drop = 0.25)
  conv_block(128 * w)
  conv_block(256 * w, drop = 0.25)
  conv_block(256 * w)
  flatten
  dense(512) + bn + relu + dropout(0.5)
  dense(256) + relu + dropout(0.5)
  dense(4) + softmax
  train {
    optimizer: adam(lr = 0.001)
    loss: categorical_crossentropy
    metrics: accuracy
    batch: 32
    epochs: 25
  }
}

model cnn_reduced = cnn(w = 0.5)

model fc8 {
  input(64, 64, 3)
  flatten
  repeat(7) { dense(512) + relu }
  dense(4) + softmax
}
`;

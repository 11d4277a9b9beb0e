/** A request body already written as JSON text: postJson sends it as is instead of writing it again. */
export class JsonText {
  constructor(readonly text: string) {}
}

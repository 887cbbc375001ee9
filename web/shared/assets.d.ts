// The build imports CSS files: the widget as text (for its shadow root), the console as a sheet.
declare module '*.css' {
  const text: string;
  export default text;
}

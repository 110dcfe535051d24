import { render } from 'preact';

function App() {
  return <main>Switchboard adapter</main>;
}

render(<App />, document.getElementById('app')!);

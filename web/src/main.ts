/** Entry point: defines <app-shell>, which index.html already contains. */
import './app-shell';

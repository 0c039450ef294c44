"""The bundled example governed repositories, installed as package data."""
